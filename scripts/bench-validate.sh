#!/usr/bin/env bash
# bench-validate.sh: validate 10,000 images across 100 files with the built
# binary and compare wall time and peak memory (max RSS, from GNU time)
# with the targets of issue 2: under 1 s and under 200 MB.
#
#   scripts/bench-validate.sh [BINARY]     (default: builds ./ncpimage into a temp dir)
#
# Exits 1 when a target is missed or the catalog does not validate.
set -euo pipefail

files=100 per_file=100 runs=${RUNS:-5}
max_ms=1000 max_kb=$((200 * 1024))

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin=${1:-}
if [[ -z $bin ]]; then
	bin=$work/ncpimage
	(cd "$(dirname "$0")/.." && go build -o "$bin" .)
fi
[[ -x /usr/bin/time ]] || { echo "bench-validate: /usr/bin/time (GNU time) is needed" >&2; exit 1; }

# The shape of a big real catalog: defaults, an instance number, a base
# storage from a snapshot, a new empty storage and an excluded one.
mkdir "$work/catalog"
for ((f = 0; f < files; f++)); do
	{
		printf 'apiVersion: ncpimage/v1\nkind: ServerImageCatalog\ncatalog: bulk\n'
		printf 'defaults:\n  region: KR\n  description: Bulk image %d\nimages:\n' "$f"
		for ((i = 0; i < per_file; i++)); do
			printf '  - name: img-%03d-%04d\n    source:\n      serverInstanceNo: "%d"\n' "$f" "$i" $((1000000 + i))
			printf '    blockStorages:\n      - order: 0\n        snapshotName: snap-%d\n' "$i"
			printf '      - order: 1\n        sizeGB: 100\n        volumeType: CB1\n        empty: true\n'
			printf '      - order: 2\n        exclude: true\n'
		done
	} >"$work/catalog/cat-$(printf %03d "$f").yaml"
done

best_ms= worst_kb=0
for ((r = 1; r <= runs; r++)); do
	/usr/bin/time -f '%e %M' -o "$work/time" "$bin" validate "$work/catalog" >"$work/out"
	read -r secs kb <"$work/time"
	ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
	if [[ -z $best_ms ]] || ((ms < best_ms)); then best_ms=$ms; fi
	((kb > worst_kb)) && worst_kb=$kb
	printf 'run %d: %s  wall %d ms  max RSS %d KB\n' "$r" "$(tail -n 1 "$work/out")" "$ms" "$kb"
done

status=0
# verdict LABEL VALUE LIMIT UNIT DIVISOR prints one line and records a miss.
verdict() {
	local word=ok
	if (($2 >= $3)); then word=MISSED status=1; fi
	printf '%-15s %d %s (target < %d %s): %s\n' "$1" $(($2 / $5)) "$4" $(($3 / $5)) "$4" "$word"
}
grep -q '^10000 images in 100 files: valid$' "$work/out" || { echo "catalog did not validate"; status=1; }
verdict "best wall time" "$best_ms" "$max_ms" ms 1
verdict "worst max RSS" "$worst_kb" "$max_kb" MB 1024
exit "$status"
