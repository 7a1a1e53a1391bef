#!/usr/bin/env bash
# Runs a recipe for sharded sweeps of docs/sweeps.md exactly as written there, then checks
# that the merged result is the same, byte for byte, as the sweep run in one piece on this
# machine. The recipe's code blocks are read from docs/sweeps.md at test time, so the guide
# and the test cannot drift apart.
#
#   distributed_test.sh slurm     "A Slurm array job": starts a one-node Slurm on localhost
#                                 (munged, slurmctld and slurmd as root, with a slurm.conf
#                                 generated in a temporary folder), submits sweep.sbatch with
#                                 the guide's submission commands (SBATCH_WAIT=1 makes each
#                                 sbatch wait for its job), and stops every daemon it started,
#                                 by PID.
#   distributed_test.sh parallel  "GNU parallel"
#   distributed_test.sh loop      "A bash loop"
#
# Environment: CALCSIM (the program; it is put first on PATH as `calcsim`), CALCSIM_MODELS,
# CALCSIM_SOURCE_DIR (the source root). When the recipe's tools are missing or Slurm cannot
# start, one line says so and the exit status is 77 (ctest: skipped).
set -euo pipefail
mode=${1:?usage: distributed_test.sh slurm|parallel|loop}
src=${CALCSIM_SOURCE_DIR:?CALCSIM_SOURCE_DIR must name the source root}
prog=${CALCSIM:?CALCSIM must name the calcsim program}
export CALCSIM_MODELS=${CALCSIM_MODELS:-$src/models}
export LC_ALL=C
doc=$src/docs/sweeps.md

skip() {
  echo "SKIP: $*"
  exit 77
}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/calcsim-$mode.XXXXXX")
chmod 755 "$work" # munged wants its socket's folder searchable by all
daemons=()
cleanup() {
  local p
  for p in "${daemons[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
  done
  for p in "${daemons[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/bin" "$work/run"
ln -s "$(cd "$(dirname "$prog")" && pwd)/$(basename "$prog")" "$work/bin/calcsim"
export PATH=$work/bin:$PATH
cd "$work/run"

# block HEADING N: the N-th ```bash block after the line "HEADING" of docs/sweeps.md.
block() {
  awk -v head="$1" -v want="$2" '
    $0 == head { found = 1; next }
    found && /^```bash$/ { n++; inside = (n == want); next }
    found && /^```$/ && inside { exit }
    inside { print }' "$doc"
}

# single_sweep TEXT: the `calcsim sweep` command in TEXT, without the options that only say
# how to split and store it (--shard, --jobs, --quiet, --resume, -o), as one line.
single_sweep() {
  printf '%s\n' "$1" | awk '/calcsim sweep / { on = 1 } on { print } on && !/\\$/ { exit }' |
    sed 's/\\$//' | tr '\n' ' ' |
    sed -E 's/.*(calcsim sweep)/\1/; s/:::.*//; s/--shard +[^ ]+//; s/--jobs +[0-9]+//;
            s/--quiet//; s/--resume//; s/-o +[^ ]+//; s/ +/ /g'
}

# compare MERGED TEXT [CMD]: runs the sweep of TEXT (or the command CMD) in one piece and
# compares it with MERGED.
compare() {
  local merged=$1 cmd=${3:-}
  [ -n "$cmd" ] || cmd=$(single_sweep "$2")
  [ -n "$cmd" ] || fail "no 'calcsim sweep' command found in the recipe"
  echo "single-machine sweep: $cmd -q -o whole.csv"
  eval "$cmd -q -o whole.csv"
  [ -s "$merged" ] || fail "the recipe left no $merged"
  cmp "$merged" whole.csv || fail "$merged differs from the single-machine sweep"
  echo "PASS: $merged ($(grep -vc '^#' "$merged") lines) is the single-machine sweep byte for byte"
}

t_loop() {
  local script
  script=$(block "### A bash loop" 1)
  [ -n "$script" ] || fail "no bash block under '### A bash loop' in docs/sweeps.md"
  printf '%s\n' "$script" >loop.sh
  bash loop.sh || fail "the bash loop recipe failed"
  # The recipe keeps the sweep in an array, sweep=(calcsim sweep ...): the same command.
  local -a sweep
  eval "$(printf '%s\n' "$script" | sed -n '/^sweep=(/,/)$/p')"
  compare all.csv "$script" "$(printf '%q ' "${sweep[@]}")"
}

t_parallel() {
  command -v parallel >/dev/null || skip "GNU parallel is not installed (Debian: apt-get install parallel)"
  local script
  script=$(block "### GNU parallel" 1)
  [ -n "$script" ] || fail "no bash block under '### GNU parallel' in docs/sweeps.md"
  printf '%s\n' "$script" >parallel.sh
  export HOME=$work # parallel's citation notice: acknowledged in $HOME/.parallel/will-cite
  mkdir -p "$HOME/.parallel" && touch "$HOME/.parallel/will-cite"
  bash -euo pipefail parallel.sh || fail "the GNU parallel recipe failed"
  compare all.csv "$script"
}

# Starts a one-node Slurm (munged, slurmctld, slurmd) in $work/slurm; skips when it cannot.
start_slurm() {
  local t=$work/slurm host port_ctl port_d
  [ "$(id -u)" = 0 ] || skip "not root: slurmd must run as root"
  for x in munged slurmctld slurmd sbatch sinfo; do
    command -v "$x" >/dev/null || skip "$x not found (Debian: apt-get install slurm-wlm munge)"
  done
  mkdir -p "$t/state" "$t/spool"
  chmod 755 "$t"
  head -c 1024 /dev/urandom >"$t/munge.key"
  chmod 400 "$t/munge.key"
  munged -F --socket="$t/munge.sock" --key-file="$t/munge.key" --pid-file="$t/munged.pid" \
    --log-file="$t/munged.log" --seed-file="$t/munged.seed" >"$t/munged.out" 2>&1 &
  daemons+=($!)
  for _ in $(seq 50); do [ -S "$t/munge.sock" ] && break; sleep 0.1; done
  [ -S "$t/munge.sock" ] || skip "munged did not start: $(tail -n 1 "$t/munged.log" 2>/dev/null)"
  host=$(hostname -s)
  port_ctl=$((20000 + ($$ % 10000) * 2))
  port_d=$((port_ctl + 1))
  cat >"$t/slurm.conf" <<CONF
ClusterName=calcsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port_ctl
SlurmdPort=$port_d
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$t/munge.sock
CredType=cred/munge
StateSaveLocation=$t/state
SlurmdSpoolDir=$t/spool
SlurmctldPidFile=$t/slurmctld.pid
SlurmdPidFile=$t/slurmd.pid
SlurmctldLogFile=$t/slurmctld.log
SlurmdLogFile=$t/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
MaxArraySize=1001
NodeName=calcsimtest NodeHostname=$host NodeAddr=127.0.0.1 CPUs=80 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$t/slurm.conf
  slurmctld -D -i -f "$t/slurm.conf" >"$t/slurmctld.out" 2>&1 &
  daemons+=($!)
  slurmd -D -N calcsimtest -f "$t/slurm.conf" >"$t/slurmd.out" 2>&1 &
  daemons+=($!)
  for _ in $(seq 150); do
    sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && return 0
    sleep 0.2
  done
  skip "Slurm did not start: $(tail -n 1 "$t/slurmctld.log" 2>/dev/null) / $(tail -n 1 "$t/slurmd.log" 2>/dev/null)"
}

t_slurm() {
  local script submit
  script=$(awk '/^### A Slurm array job$/ { f = 1 } f && /^`sweep.sbatch`:$/ { g = 1; next }
                g && /^```bash$/ { i = 1; next } i && /^```$/ { exit } i { print }' "$doc")
  submit=$(block "### A Slurm array job" 2)
  [ -n "$script" ] && [ -n "$submit" ] || fail "no sweep.sbatch or submission block in docs/sweeps.md"
  start_slurm
  printf '%s\n' "$script" >sweep.sbatch
  printf '%s\n' "$submit" >submit.sh
  echo "Slurm is up ($(sinfo -h -o '%n %c CPUs %t')); submitting sweep.sbatch as docs/sweeps.md does"
  local t0=$SECONDS
  SBATCH_WAIT=1 bash -euo pipefail submit.sh >submit.out 2>&1 || {
    cat submit.out logs/* 2>/dev/null | tail -n 20 >&2
    fail "the Slurm recipe failed"
  }
  local tasks
  tasks=$(find logs -name 'sweep-*.out' | wc -l)
  echo "array tasks run: $tasks in $((SECONDS - t0)) s; their logs are empty: $([ -z "$(cat logs/*)" ] && echo yes || echo no)"
  compare results/all.csv "$script"
}

"t_$mode"
