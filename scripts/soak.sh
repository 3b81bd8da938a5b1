#!/usr/bin/env bash
# soak.sh: run the flagship scenario SOAK_RUNS times (default 100) with a
# short duration, interrupting runs at random (SIGINT, SIGTERM, or SIGKILL
# followed by a lab down), with a foreign `ip netns add` now and then, and
# report what leaked: namespaces, links, qdiscs, processes, host nftables
# tables and runtime directories. The target is 0; the exit code is 1
# otherwise. Needs root. `make soak` runs it.
#
# Settings (environment):
#   SOAK_RUNS      runs (default 100)
#   SOAK_DURATION  --duration per variant (default 1s)
#   SOAK_CLEANUP   after a SIGKILL: "id" (default) runs `lab down --id` for
#                  the killed run's lab only, so labs of others on the machine
#                  are left alone; "all" runs `lab down --all`, as a user
#                  would, for a machine where nothing else runs
#   SOAK_BIN       the qosbench binary (default bin/qosbench)
#   SOAK_SEED      seed for $RANDOM (default: the time)
#   SOAK_FOREIGN_EVERY  one run in this many gets a foreign ip netns add (default 10)
set -u
# Job control: background runs get SIGINT as from a terminal (a
# non-interactive shell would start them with SIGINT ignored).
set -m
RUNS=${SOAK_RUNS:-100}
DUR=${SOAK_DURATION:-1s}
CLEANUP=${SOAK_CLEANUP:-id}
BIN=${SOAK_BIN:-bin/qosbench}
SCENARIO=${SOAK_SCENARIO:-scenarios/voip-under-load.yaml}
RANDOM=${SOAK_SEED:-$(date +%s)}
export PATH="$PATH:/usr/sbin:/sbin"

[ "$(id -u)" = 0 ] || { echo "soak: needs root (network namespaces)"; exit 2; }
[ -x "$BIN" ] || { echo "soak: $BIN not found (make build)"; exit 2; }
case "$CLEANUP" in id|all) ;; *) echo "soak: SOAK_CLEANUP must be id or all"; exit 2;; esac

out=$(mktemp -d /tmp/qosbench-soak.XXXXXX)
tag="sk$(printf %04x $((RANDOM % 65536)))"   # lab ids: ${tag}<run>
ids=()
pids=()

# What the host has outside any lab: links, qdiscs and nftables tables of
# the host namespace (a lab must never touch them).
snapshot() {
	ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort
	echo "--"
	tc qdisc show | sed 's/ refcnt [0-9]*//' | sort
	echo "--"
	nft list tables 2>/dev/null | sort
}
snapshot > "$out/before"

declare -A kinds=()
bad_exit=0
foreign_n=0
for ((i = 1; i <= RUNS; i++)); do
	id="${tag}r$i"
	ids+=("$id")
	pick=$((RANDOM % 8))
	case $pick in
		0|1) kind=none ;;
		2|3) kind=INT ;;
		4|5) kind=TERM ;;
		*) kind=KILL ;;
	esac
	after_ms=$((300 + RANDOM % 9000))   # a run takes about 9 s
	foreign=""
	if ((RANDOM % ${SOAK_FOREIGN_EVERY:-10} == 0)); then
		foreign="soak-foreign-$id"
	fi
	start=$(date +%s%N)
	"$BIN" run "$SCENARIO" --duration "$DUR" --lab-id "$id" --out "$out/run-$i" >"$out/run-$i.stdout" 2>"$out/run-$i.stderr" &
	pid=$!
	pids+=("$pid")
	if [ -n "$foreign" ]; then
		( sleep "0.$((RANDOM % 10))$((RANDOM % 10))"; ip netns add "$foreign" ) &
		fpid=$!
	fi
	if [ $kind != none ]; then
		waited=0
		while ((waited < after_ms)) && kill -0 $pid 2>/dev/null; do sleep 0.05; waited=$((waited + 50)); done
		if kill -0 $pid 2>/dev/null; then
			kill -s $kind $pid 2>/dev/null
		else
			kind=none   # finished first
		fi
	fi
	wait $pid; rc=$?
	kinds[$kind]=$((${kinds[$kind]:-0} + 1))
	case $kind in
		none) [ $rc = 0 ] || [ $rc = 4 ] || { echo "run $i: exit $rc (uninterrupted)"; tail -3 "$out/run-$i.stderr"; bad_exit=$((bad_exit + 1)); } ;;
		INT|TERM) [ $rc = 130 ] || [ $rc = 0 ] || [ $rc = 4 ] || { echo "run $i: exit $rc after SIG$kind"; tail -3 "$out/run-$i.stderr"; bad_exit=$((bad_exit + 1)); } ;;
		KILL)
			if [ "$CLEANUP" = all ]; then "$BIN" lab down --all >"$out/down-$i" 2>&1
			else "$BIN" lab down --id "$id" >"$out/down-$i" 2>&1; fi
			rc=$?
			[ $rc = 0 ] || { echo "run $i: lab down after SIGKILL: exit $rc"; cat "$out/down-$i"; bad_exit=$((bad_exit + 1)); }
			;;
	esac
	if [ -n "$foreign" ]; then
		wait $fpid 2>/dev/null
		ip netns del "$foreign" 2>/dev/null && foreign_n=$((foreign_n + 1))
	fi
	printf 'run %3d/%d: %-4s after %4d ms, exit %3d, %5d ms%s\n' $i $RUNS $kind $after_ms $rc $((($(date +%s%N) - start) / 1000000)) "${foreign:+, foreign netns}"
done

# Leaks: what of the soak's labs is still there.
leaks=0
report() { # what count details
	printf '%-28s %d\n' "$1" "$2"
	[ "$2" = 0 ] || { echo "$3" | sed 's/^/    /'; leaks=$((leaks + $2)); }
}
pat="qosb-${tag}r[0-9]+-"
ns=$(ls /run/netns 2>/dev/null | grep -E "^$pat" || true)
# A killed run's feature probe: qosb-probe<pid>-x of one of the soak's runs.
probes=$(for p in "${pids[@]}"; do [ -e "/run/netns/qosb-probe$p-x" ] && echo "qosb-probe$p-x"; done)
procs=$(ps -eo pid=,args= | grep -E "(--lab-id ${tag}r|--ns-name qosb-${tag}r)" | grep -v grep || true)
dirs=$(ls -d /run/qosbench/${tag}r* 2>/dev/null || true)
snapshot > "$out/after"
hostdiff=$(diff "$out/before" "$out/after" | grep '^[<>]' || true)
echo
echo "== soak: $RUNS runs (none ${kinds[none]:-0}, SIGINT ${kinds[INT]:-0}, SIGTERM ${kinds[TERM]:-0}, SIGKILL+lab down --$CLEANUP ${kinds[KILL]:-0}), $foreign_n foreign ip netns add"
report "unexpected exit codes" $bad_exit ""
report "namespaces" "$(echo -n "$ns" | grep -c . || true)" "$ns"
report "stale probe namespaces" "$(echo -n "$probes" | grep -c . || true)" "$probes"
report "processes" "$(echo -n "$procs" | grep -c . || true)" "$procs"
report "runtime directories" "$(echo -n "$dirs" | grep -c . || true)" "$dirs"
if [ "$CLEANUP" = all ]; then
	report "host links/qdiscs/nft tables" "$(echo -n "$hostdiff" | grep -c . || true)" "$hostdiff"
else
	# Others may change the host meanwhile: shown, not counted.
	printf '%-28s %d (not counted with SOAK_CLEANUP=id: others share the host)\n' "host links/qdiscs/nft tables" "$(echo -n "$hostdiff" | grep -c . || true)"
	[ -z "$hostdiff" ] || echo "$hostdiff" | sed 's/^/    /'
fi
# Links and qdiscs live in the lab's namespaces: none left means none of
# them is left either.
echo "outputs: $out"
[ $leaks = 0 ] || { echo "soak: LEAKS (target 0)"; exit 1; }
echo "soak: 0 leaked resources"
