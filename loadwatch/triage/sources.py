"""Where each warning-sign rule comes from, and what each red flag is called.

Every citation names a page or paper a reader can find; the bone-stress signs
cite a source for the hip and one for the leg and foot.
"""

# Where each rule comes from, as a reader can find it.
SOURCES = {
    "spire": "Spire Healthcare, \"Hip pain when running: causes and symptoms\" "
             "(spirehealthcare.com)",
    "rw": "Runner's World, \"Hip pain after running\", medically reviewed by John Vasudevan, "
          "M.D. (updated 27 August 2024)",
    "nhs_septic": "NHS, \"Septic arthritis\" (nhs.uk/conditions/septic-arthritis, reviewed "
                  "23 March 2023)",
    "warden": "Warden S.J., Edwards W.B., Willy R.W. (2021). Preventing bone stress injuries "
              "in runners with optimal workload. Curr Osteoporos Rep 19(3):298-307",
    "nhs_shin": "NHS, \"Shin splints\" (nhs.uk/conditions/shin-splints): pain in one small "
                "area may be a stress fracture",
    "hop": "Physiotutors, \"Hop test: tibial stress fracture screening\" (physiotutors.com/"
           "wiki/hop-test), after Milgrom et al. 2021 (sensitivity 100%, specificity 45%)",
    "medscape_fnsf": "Flinn S.D., \"Femoral neck stress fracture: clinical presentation\", "
                     "Medscape (emedicine.medscape.com/article/86808-clinical, 2017): a limp, "
                     "then pain on walking",
    "robertson": "Robertson G.A., Wood A.M. (2017). Femoral neck stress fractures in sport: a "
                 "current concepts review. Sports Med Int Open 1(2):E58-E68",
    "bupa_achilles": "Bupa UK, \"Achilles tendon rupture\" (bupa.co.uk, reviewed July 2023)",
    "cauda_equina": "Royal Free London NHS Foundation Trust, \"Cauda equina syndrome\" (patient "
                    "leaflet, royalfree.nhs.uk)",
    "nhs_dvt": "NHS, \"DVT (deep vein thrombosis)\" (nhs.uk/conditions/deep-vein-thrombosis-dvt)",
    "nhs_compartment": "NHS, \"Compartment syndrome\" (nhs.uk/conditions/compartment-syndrome)",
    "nhs_cellulitis": "NHS, \"Cellulitis\" (nhs.uk/conditions/cellulitis)",
    "elht_knee": "East Lancashire Hospitals NHS Trust, \"Traumatic knee injury\" (elht.nhs.uk)",
    "cuh_metatarsal": "Cambridge University Hospitals NHS FT, \"Metatarsal fractures and stress "
                      "fractures\" (cuh.nhs.uk/patient-information)",
}

# The source of each bone-stress sign, at the hip and below it.
HIP_SIGN_SOURCES = {"walking": "rw", "earlier_in_each_run": "rw", "at_rest": "rw",
                    "at_night": "rw", "hopping": "hop", "bone_tenderness": "nhs_shin",
                    "limp": "medscape_fnsf", "swelling": "cuh_metatarsal"}
LEG_SIGN_SOURCES = {**HIP_SIGN_SOURCES, "walking": "warden", "earlier_in_each_run": "warden",
                    "at_rest": "nhs_shin", "at_night": "nhs_shin", "limp": "warden"}

# What each red flag is called where it is listed (a risk flag's title).
TITLES = {"cannot_bear_weight": "Cannot bear weight",
                   "possible_joint_infection": "Possible joint infection",
                   "possible_achilles_rupture": "Possible Achilles tendon rupture",
                   "severe_or_worsening_pain": "Severe or worsening pain",
                   "bone_stress_pattern": "Bone-stress symptoms",
                   "bone_stress_during_ramp": "Bone-stress symptoms during a ramp",
                   "bruising": "Bruising", "clicking_catching_locking":
                   "Clicking, catching, locking or giving way", "numbness": "Numbness or tingling",
                   "lasting_months": "Symptoms lasting three months",
                   "possible_cauda_equina": "Possible cauda equina syndrome",
                   "breathless_or_chest_pain": "Breathless or chest pain",
                   "cold_pale_limb": "A cold, pale or numb limb",
                   "possible_blood_clot": "Possible blood clot (DVT)",
                   "acute_injury": "A sudden injury", "foot_drop": "Foot drop",
                   "spreading_infection": "Spreading redness"}
