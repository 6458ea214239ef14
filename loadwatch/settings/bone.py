"""The personal bone-stress profile: four optional answers that tighten the distance rules.

A runner may say (``loadwatch settings set KEY=true``) that they have had a
stress fracture, that their periods are missing or irregular, that they often
eat too little for their training, or that a scan found low bone density. Each
is a risk factor for bone stress injury in the sources below; any one of them
tightens the weekly-change and acute:chronic lines of ``loadwatch.risk`` the
way recent pain does (5% and 20% a week, ratios 1.2 and 1.4), and every flag
so tightened says which answers did it. Nothing is inferred: unset is "no".

Why these four, and not sex. A previous stress fracture is the most
consistent predictor in prospective studies of runners of both sexes
(Tenforde et al. 2013; Kelsey et al. 2007: rate ratio 6.4). Menstrual
dysfunction, low energy availability and low bone mineral density are the
components of the Female Athlete Triad, each scored in its cumulative risk
assessment alongside a prior stress reaction or fracture (De Souza et al.
2014), and the risk of bone stress injury rose with the number of Triad risk
factors in a prospective study (Barrack et al. 2014). Low energy availability
harms bone in men as in women (Mountjoy et al. 2023, REDs). Female sex is
also among the most consistent predictors (Hoenig et al. 2022, 2025), but it
does not tighten the rules on its own: much of that difference runs through
the factors asked here, and ``sex`` is set for heart-rate constants.

References
----------
.. [1] De Souza M.J. et al. (2014). 2014 Female Athlete Triad Coalition
   consensus statement on treatment and return to play of the Female Athlete
   Triad. Br J Sports Med 48:289.
.. [2] Mountjoy M. et al. (2023). 2023 International Olympic Committee's (IOC)
   consensus statement on Relative Energy Deficiency in Sport (REDs). Br J
   Sports Med 57(17):1073-1097.
.. [3] Hoenig T. et al. (2022). Bone stress injuries. Nat Rev Dis Primers 8:26.
.. [4] Hoenig T. et al. (2025). International Delphi consensus on bone stress
   injuries in athletes. Br J Sports Med 59:78.
.. [5] Barrack M.T. et al. (2014). Higher incidence of bone stress injuries with
   increasing female athlete triad-related risk factors: a prospective
   multisite study of exercising girls and women. Am J Sports Med 42:949-958.
.. [6] Kelsey J.L. et al. (2007). Risk factors for stress fracture among young
   female cross-country runners. Med Sci Sports Exerc 39(9):1457-1463.
.. [7] Tenforde A.S. et al. (2013). Identifying sex-specific risk factors for
   stress fractures in adolescent runners. Med Sci Sports Exerc
   45(10):1843-1851.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BoneFactor:
    """One answer of the profile.

    Attributes
    ----------
    key : str
        The setting (``loadwatch settings set KEY=true``).
    help : str
        What a ``true`` means, in plain words (shown by ``loadwatch settings``).
    label : str
        How a flag names it ("a previous stress fracture").
    """

    key: str
    help: str
    label: str


BONE_FACTORS = (
    BoneFactor("prior_stress_fracture",
               "true if you have had a stress fracture or stress reaction (a bone stress "
               "injury); tightens the distance flags", "a previous stress fracture"),
    BoneFactor("irregular_periods",
               "true if your periods have stopped or come irregularly (fewer than 10 in a "
               "year, not from pregnancy, menopause or hormonal contraception); tightens the "
               "distance flags", "missed or irregular periods"),
    BoneFactor("low_energy_availability",
               "true if you often eat less than your training needs (under-fuelling, "
               "restricting food); tightens the distance flags",
               "under-fuelling (low energy availability)"),
    BoneFactor("low_bone_density",
               "true if a bone density scan (DXA) found low bone density (a Z-score below "
               "-1); tightens the distance flags", "low bone density"),
)
BONE_KEYS = tuple(f.key for f in BONE_FACTORS)
BONE_LABELS = {f.key: f.label for f in BONE_FACTORS}

# What every flag tightened by the profile quotes (loadwatch.flags.EVIDENCE).
BONE_EVIDENCE = (
    "Bone-stress profile: a previous stress fracture is the most consistent predictor of "
    "another in runners of both sexes (Tenforde et al. 2013, MSSE 45:1843; Kelsey et al. "
    "2007, MSSE 39:1457: rate ratio 6.4, 95% CI 1.8-22.9); missed or irregular periods, "
    "low energy availability and low bone density are scored with it in the Female "
    "Athlete Triad Coalition's cumulative risk assessment (De Souza et al. 2014, BJSM "
    "48:289), bone stress injuries grew more common with more of these factors (Barrack "
    "et al. 2014, AJSM 42:949), and low energy availability harms bone in men too "
    "(Mountjoy et al. 2023, REDs, BJSM 57:1073; Hoenig et al. 2022, Nat Rev Dis Primers "
    "8:26; 2025, BJSM 59:78). Outcome: bone stress injury. How much each tightened line "
    "lowers the risk was not studied: the lines are the ones loadwatch uses after pain.")
