#!/usr/bin/env bash
# CLI tests of the defects an outside audit found (the reliability issue, D1-D16), for the
# paths a case folder under tests/cases/ cannot express: FIFOs, devices, pipes, signals,
# two processes at once. Usage: cli_reliability.sh TEST; ctest runs each TEST as
# reliability/TEST (tests/CMakeLists.txt). CALCSIM is the program, CALCSIM_MODELS the
# models folder. Every test works in a fresh temporary folder, removed afterwards.
set -euo pipefail
B=${CALCSIM:?CALCSIM must name the calcsim program}
export CALCSIM_MODELS=${CALCSIM_MODELS:?CALCSIM_MODELS must name the models folder}
export LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/calcsim-reliability.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect STATUS TEXT CMD...: runs CMD, which must exit with STATUS, print nothing on standard
# output and exactly one line on standard error that starts with "calcsim: " and holds TEXT.
expect() {
  local want=$1 text=$2 got=0
  shift 2
  "$@" >out.txt 2>err.txt || got=$?
  [ "$got" = "$want" ] || fail "$* exited $got, not $want; stderr: $(cat err.txt)"
  [ ! -s out.txt ] || fail "$*: wrote to standard output"
  [ "$(wc -l <err.txt)" = 1 ] || fail "$*: not one line on stderr: $(cat err.txt)"
  grep -q '^calcsim: ' err.txt || fail "$*: stderr does not start with 'calcsim: '"
  grep -qF -- "$text" err.txt || fail "$*: stderr lacks '$text': $(cat err.txt)"
  rm -f out.txt err.txt
}

# wait_gone PID SECONDS: waits for PID to end; fails when it is still running after SECONDS.
wait_gone() {
  local pid=$1 i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  fail "process $pid still running after $2 s"
}

sweep4=(sweep --vary k2_intake_ug_per_day=0:90:4 --years 1 --every 30 -q)

# D1: two sweeps started together into one file. One wins (status 0) and writes the whole
# file; the other stops with status 2 and must never remove the winner's file. Rounds stop
# after RELIABILITY_SECONDS (default 20) so that CI time stays bounded.
t_lock_race() {
  local rounds=${RELIABILITY_ROUNDS:-400} limit=${RELIABILITY_SECONDS:-20} t a b ra rb
  local start=$SECONDS done=0
  for ((t = 1; t <= rounds && SECONDS - start < limit; t++)); do
    rm -f race.csv
    "$B" "${sweep4[@]}" -o race.csv 2>a.err &
    a=$!
    "$B" "${sweep4[@]}" -o race.csv 2>b.err &
    b=$!
    ra=0 rb=0
    wait "$a" || ra=$?
    wait "$b" || rb=$?
    [ -e race.csv ] || fail "round $t: race.csv is missing (statuses $ra and $rb): $(cat a.err b.err)"
    [ "$ra$rb" = 02 ] || [ "$ra$rb" = 20 ] ||
      fail "round $t: statuses $ra and $rb, not one 0 and one 2: $(cat a.err b.err)"
    [ "$(grep -vc '^#' race.csv)" = 5 ] || fail "round $t: race.csv is not the whole sweep"
    [ -z "$(tail -c 1 race.csv)" ] || fail "round $t: race.csv ends in an unfinished line"
    done=$t
  done
  [ "$done" -ge 20 ] || fail "only $done rounds in ${limit} s"
  echo "lock race: $done rounds of two sweeps at once, the file complete every time"
}

# D5: an output that is the same file as an input is refused in every subcommand, and the
# input is left as it was.
t_output_is_input() {
  cp "$CALCSIM_MODELS/baseline.ini" s.ini
  ln -s s.ini link.ini
  cp s.ini keep.ini
  expect 2 "is the same file as the input" "$B" run s.ini -q -o s.ini
  expect 2 "is the same file as the input" "$B" run s.ini -q -o link.ini
  expect 2 "is the same file as the input" "$B" run "$work/link.ini" -q -o "$work/./s.ini"
  expect 2 "is the same file as the input" "$B" sweep s.ini --vary k2_intake_ug_per_day=1,2 \
    --years 0.1 -q -o s.ini --force
  expect 2 "is the same file as the input" "$B" sensitivity s.ini --years 0.1 -q -o s.ini
  cp s.ini fig.png
  expect 2 "is the same file as the input" "$B" plot ./fig.png --years 0.1 -q -o fig.png
  cmp -s s.ini keep.ini || fail "the scenario was changed"
  cmp -s fig.png keep.ini || fail "the scenario fig.png was changed"
  "$B" "${sweep4[@]}" --shard 1/2 -o p1.csv
  "$B" "${sweep4[@]}" --shard 2/2 -o p2.csv
  cp p1.csv keep.csv
  expect 2 "is the same file as the input" "$B" sweep-merge p1.csv p2.csv -q -o p1.csv
  cmp -s p1.csv keep.csv || fail "sweep-merge changed its input"
  "$B" sweep-merge p1.csv p2.csv -q -o all.png
  cp all.png keep.png
  expect 2 "is the same file as the input" "$B" plot-sweep ./all.png --x k2_intake_ug_per_day \
    -q -o all.png
  cmp -s all.png keep.png || fail "plot-sweep changed its input"
  "$B" sensitivity --years 0.1 --format csv -q -o sens.png
  cp sens.png keep.png
  expect 2 "is the same file as the input" "$B" plot-sensitivity ./sens.png -q -o sens.png
  cmp -s sens.png keep.png || fail "plot-sensitivity changed its input"
  echo "output = input: refused by run, sweep, sensitivity, plot, sweep-merge, plot-sweep, plot-sensitivity"
}

# D6: devices as -o: /dev/null works, /dev/full says "No space left on device" (status 1).
t_device_output() {
  "$B" "${sweep4[@]}" -o /dev/null || fail "sweep -o /dev/null failed"
  expect 1 "No space left on device" "$B" "${sweep4[@]}" -o /dev/full
  expect 2 "--resume needs a regular file" "$B" "${sweep4[@]}" --resume -o /dev/null
  "$B" "${sweep4[@]}" --shard 1/2 -o p1.csv
  "$B" "${sweep4[@]}" --shard 2/2 -o p2.csv
  "$B" sweep-merge p1.csv p2.csv -q -o /dev/null || fail "sweep-merge -o /dev/null failed"
  expect 1 "No space left on device" "$B" sweep-merge p1.csv p2.csv -q -o /dev/full
  expect 1 "No space left on device" "$B" run --years 0.1 -q -o /dev/full
  "$B" run --years 0.1 -q -o /dev/null || fail "run -o /dev/null failed"
  # A FIFO as the output of sweep, sweep-merge and plot-sweep, with a reader.
  mkfifo fifo.csv fig.png
  cat fifo.csv >got.csv &
  "$B" "${sweep4[@]}" -o fifo.csv || fail "sweep -o FIFO failed"
  wait $!
  [ "$(grep -vc '^#' got.csv)" = 5 ] || fail "sweep -o FIFO: the reader did not get the sweep"
  cat fifo.csv >merged.csv &
  "$B" sweep-merge p1.csv p2.csv -q -o fifo.csv || fail "sweep-merge -o FIFO failed"
  wait $!
  cmp -s merged.csv got.csv || fail "sweep-merge -o FIFO differs from the sweep"
  if command -v gnuplot >/dev/null; then
    cat fig.png >got.png &
    "$B" plot-sweep got.csv --x k2_intake_ug_per_day -q -o fig.png || fail "plot-sweep -o FIFO"
    wait $!
    [ "$(head -c 4 got.png | tail -c 3)" = PNG ] || fail "plot-sweep -o FIFO: no PNG"
  fi
  echo "devices and FIFOs as -o: sweep, sweep-merge, plot-sweep and run write in place"
}

# D7: run -o FIFO without a reader waits for one, and SIGTERM and SIGINT still stop it,
# leaving no temporary file.
t_fifo_output_signal() {
  mkfifo o.csv
  local sig pid st
  for sig in TERM INT HUP; do
    # A background job of a script starts with SIGINT ignored; this one gets it back.
    (trap - INT && exec "$B" run --years 0.1 -q -o o.csv) &
    pid=$!
    pids+=("$pid")
    sleep 0.5
    kill -"$sig" "$pid"
    wait_gone "$pid" 5
    st=0
    wait "$pid" || st=$?
    [ "$st" -gt 128 ] || fail "run -o FIFO ended with status $st after SIG$sig, not by the signal"
  done
  [ -z "$(find . -name '.o.csv.*')" ] || fail "a temporary file was left behind"
  cat o.csv >got.csv &
  "$B" run --years 0.1 -q -o o.csv || fail "run -o FIFO with a reader failed"
  wait $!
  grep -q '^t_days,' got.csv || fail "the reader of the FIFO got no CSV"
  echo "run -o FIFO: SIGTERM, SIGINT and SIGHUP stop the wait for a reader"
}

# D8: the text drawing of plot and plot-sweep to a full disk is status 1.
t_term_full() {
  command -v gnuplot >/dev/null || {
    echo "gnuplot is not installed: skipped"
    exit 77
  }
  local st=0
  "$B" plot --years 0.1 --every 1 --term >/dev/full 2>err.txt || st=$?
  [ "$st" = 1 ] || fail "plot --term > /dev/full exited $st"
  grep -q "No space left on device" err.txt || fail "plot --term: $(cat err.txt)"
  "$B" "${sweep4[@]}" -o s.csv
  st=0
  "$B" plot-sweep s.csv --x k2_intake_ug_per_day --term >/dev/full 2>err.txt || st=$?
  [ "$st" = 1 ] || fail "plot-sweep --term > /dev/full exited $st"
  "$B" plot --years 0.1 --every 1 --term >term.txt || fail "plot --term failed"
  grep -q "Baseline adult" term.txt || fail "plot --term drew nothing"
  echo "plot --term and plot-sweep --term: a full disk is status 1"
}

# D9: sweep-merge reads shards from pipes; the result is the unsharded sweep byte for byte.
t_merge_pipe() {
  "$B" "${sweep4[@]}" -o whole.csv
  "$B" "${sweep4[@]}" --shard 1/2 -o p1.csv
  "$B" "${sweep4[@]}" --shard 2/2 -o p2.csv
  cat p1.csv | "$B" sweep-merge /dev/stdin p2.csv -q -o out.csv || fail "a pipe input failed"
  cmp -s out.csv whole.csv || fail "the merge of a pipe and a file differs from the sweep"
  "$B" sweep-merge <(cat p2.csv) <(cat p1.csv) -q -o out2.csv || fail "process substitution"
  cmp -s out2.csv whole.csv || fail "the merge of two pipes differs from the sweep"
  mkdir dir.csv
  expect 2 "dir.csv: is a directory" "$B" sweep-merge p1.csv dir.csv -q -o out3.csv
  [ ! -e out3.csv ] || fail "out3.csv was written"
  head -c 300 p2.csv >torn.csv
  expect 2 "torn.csv" "$B" sweep-merge p1.csv torn.csv -q -o out3.csv
  "$B" sweep-merge p1.csv torn.csv -q -o out3.csv 2>err.txt && fail "a torn input was merged"
  ! grep -q "out3.csv" err.txt || fail "an input's error names the output: $(cat err.txt)"
  echo "sweep-merge: pipe inputs merge byte for byte; errors name the input"
}

# D10: a closed pipe is status 1 for run and sweep (not death by SIGPIPE, 141).
t_closed_pipe() {
  local st
  set -o pipefail
  st=0
  "$B" run --years 10 --every 1 2>err.txt | head -c 100 >/dev/null || st=$?
  [ "$st" = 1 ] || fail "run | head exited $st, not 1"
  grep -q "Broken pipe" err.txt || fail "run | head: $(cat err.txt)"
  st=0
  "$B" sweep --vary k2_intake_ug_per_day=0:90:300 --years 0.1 --every 30 2>err.txt |
    head -c 100 >/dev/null || st=$?
  [ "$st" = 1 ] || fail "sweep | head exited $st, not 1"
  st=0
  "$B" params --format csv 2>err.txt | head -c 10 >/dev/null || st=$?
  [ "$st" = 0 ] || [ "$st" = 1 ] || fail "params | head exited $st"
  echo "closed pipe: run and sweep exit 1"
}

# D15: a scenario that is a FIFO (no writer) is refused at once, by every command.
t_fifo_scenario() {
  mkfifo s.ini
  expect 2 "not a regular file" timeout 10 "$B" run ./s.ini
  expect 2 "not a regular file" timeout 10 "$B" sweep ./s.ini --vary k2_intake_ug_per_day=1,2
  expect 2 "not a regular file" timeout 10 "$B" sensitivity ./s.ini
  expect 2 "not a regular file" timeout 10 "$B" run /dev/zero
  echo "FIFO and device scenarios: refused at once"
}

[ $# = 1 ] || fail "usage: cli_reliability.sh TEST"
"t_$1"
