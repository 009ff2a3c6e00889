#!/usr/bin/env bash
# A longer fuzz campaign than the suite's: the same generator and checks (FuzzTest), more mutants,
# a seed of your choice. Every mutated input must end as a complete output or a quarantine entry
# with a reason; inputs are never touched.
#   scripts/fuzz.sh [SEED] [FLIPS_PER_SEED] [STRUCTURAL_PER_SEED]     (defaults: random, 2000, 2000)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seed=${1:-$RANDOM$RANDOM}
flips=${2:-2000}
structural=${3:-2000}
"$here/scripts/bootstrap.sh" test
echo "fuzz: seed $seed, $flips flips and $structural structural mutations per seed file"
cd "$here" && exec mvn -B -q test -Dtest=FuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfuzz.seed="$seed" -Dfuzz.flips="$flips" -Dfuzz.structural="$structural"
