# Sourced by .ci/demo and .ci/run. `make_venv DIR` makes a virtual environment
# at DIR with this machine's python3, or keeps the one there if its pip works.
# Debian 12 and Ubuntu 23.04+ refuse `pip install` outside one (PEP 668,
# externally-managed-environment), and their python3 lacks ensurepip, which
# `python3 -m venv` needs, until the python3-venv package is installed.

make_venv() {
  local venv=$1 sudo=""
  if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
  if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "python3 cannot make a virtual environment (no ensurepip): install your" \
           "system's python3 venv package" >&2
      return 1
    fi
    echo "installing python3-venv (python3 -m venv needs it)" >&2
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  fi
  # No pip there: not made yet, or half made by a python3 without ensurepip
  # (which leaves a venv with no pip behind), or made by a python3 since removed.
  if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    python3 -m venv --clear "$venv"
  fi
}
