#!/usr/bin/env bash
# Check the system programs a make target needs before it starts; with --install, install the
# missing ones from Debian's packages (sudo only when not root).
#
#   scripts/prerequisites.sh [--install] TARGET...     e.g. scripts/prerequisites.sh test
#
# Without --install it stops at once (exit 1) with one message naming every missing program and
# the one command that installs them all (with sudo when not root; with `su -c` when not root and
# sudo is not installed, as on a Debian machine set up with a root password). With --install it
# runs that command, then checks again and names whatever is still missing.
# Each line of the table below is one prerequisite:
#   targets (comma-separated) ^ what it is for ^ check (a shell test) ^ Debian package
# A new target adds its name to the lines it needs, or adds lines of its own. README's set-up
# section names every package of this table (tests/test_prerequisites.py checks it).
set -uo pipefail

TABLE='
book,test,bench,pdf^Python 3.11^command -v python3.11 >/dev/null || python3 -c "import sys; sys.exit(sys.version_info[:2] != (3, 11))"^python3.11
book,test,bench,pdf^Python venv module^{ command -v python3.11 >/dev/null && python3.11 -c "import ensurepip" || python3 -c "import ensurepip"; } 2>/dev/null^python3.11-venv
book,test,bench,pdf^make^command -v make >/dev/null^make
test,bench^git (edition and benchmark tests)^command -v git >/dev/null^git
test,bench,pdf^Chromium (browser tests, Lighthouse, axe-core, the course reader)^command -v chromium >/dev/null || test -x "${CHROME_PATH:-/usr/bin/chromium}"^chromium
test,bench^Node.js (Lighthouse, axe-core, the Nu Html Checker launcher)^command -v node >/dev/null^nodejs
test,bench^npm (installs the pinned Node tools)^command -v npm >/dev/null^npm
test^Java (the Nu Html Checker)^command -v java >/dev/null^default-jre-headless
test,pdf^DejaVu fonts (screenshots and printed pages)^fc-list 2>/dev/null | grep -qi dejavu^fonts-dejavu-core
'

install=0
if [ "${1:-}" = "--install" ]; then install=1; shift; fi
if [ $# -eq 0 ]; then echo "usage: $0 [--install] TARGET..." >&2; exit 2; fi

# Fills `missing` (one line per program) and `packages` (each Debian package once).
check() {
  missing=() packages=()
  local targets what test package wanted target
  while IFS='^' read -r targets what test package; do
    [ -n "$targets" ] || continue
    wanted=0
    for target in "$@"; do
      case ",$targets," in *",$target,"*) wanted=1 ;; esac
    done
    [ $wanted -eq 1 ] || continue
    if ! bash -c "$test" >/dev/null 2>&1; then
      missing+=("  - $what (Debian package: $package)")
      case " ${packages[*]-} " in *" $package "*) ;; *) packages+=("$package") ;; esac
    fi
  done <<< "$TABLE"
}

check "$@"
[ ${#missing[@]} -eq 0 ] && exit 0

apt="apt-get update && apt-get install -y ${packages[*]}"
if [ "$(id -u)" -eq 0 ]; then
  how="" command="$apt"
elif command -v sudo >/dev/null; then
  how="" command="sudo apt-get update && sudo apt-get install -y ${packages[*]}"
else
  how=", as root (this account is not root and sudo is not installed)"
  command="su -c '$apt'"
fi

if [ $install -eq 1 ] && [ -z "$how" ]; then
  echo "Installing: ${packages[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  if ! { $SUDO apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}"; }; then
    echo "Installing ${packages[*]} failed." >&2
    exit 1
  fi
  check "$@"
  [ ${#missing[@]} -eq 0 ] && exit 0
  {
    echo "Still missing after installing ${packages[*]}:"
    printf '%s\n' "${missing[@]}"
  } >&2
  exit 1
fi
{
  echo "make $*: missing prerequisites:"
  printf '%s\n' "${missing[@]}"
  echo "Install them all (Debian/Ubuntu)$how with:"
  echo "  $command"
  [ -z "$how" ] && echo "or run: scripts/prerequisites.sh --install $*"
} >&2
exit 1
