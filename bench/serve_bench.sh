#!/usr/bin/env bash
# Requests per second of public pages under gunicorn (deploy/gunicorn.conf.py, 2 sync workers),
# uncached, from the page cache (Redis) and through Varnish, beside the Wagtail peer and a static
# copy of its article under the same gunicorn flags. A benchmark, not a test.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_cache_bench \
#   PEER_DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_peer bash bench/serve_bench.sh
#
# Needs: the benchmark newsroom in DATABASE_URL (bench/fill.py, migrated), the Wagtail peer built
# (../shared/peers/wagtail/setup.sh, at 100,000 articles on PostgreSQL), wrk, varnishd with xkey,
# Redis. Environment: ROUNDS (2), DURATION (8s), CONNECTIONS (8), REDIS_URL
# (redis://127.0.0.1:6379/5), PORT_BASE (8500: uses PORT_BASE+1..3), PEER_PORT (8511; static
# copy on PEER_PORT+1), PEER_DIR, OUT (a Markdown table, default /tmp/serve_bench.md), ONLY (the
# servers to measure, e.g. "cached static"; default all five), PAGE_NAMES (e.g. "article"; default
# article home section tag).
# Rounds are interleaved (every server and page once per round, in turn) because this machine is
# shared and noisy; the table gives each figure's median over the rounds and the load average (1 min)
# when each round started.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"
: "${DATABASE_URL:?set DATABASE_URL to the benchmark newsroom}"
PEER_DIR="${PEER_DIR:-$HERE/../../shared/peers/wagtail}"
[ -d "$PEER_DIR" ] || PEER_DIR=/work/shared/peers/wagtail
PEER_DATABASE_URL="${PEER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/nr_peer}"
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-8s}"
CONNECTIONS="${CONNECTIONS:-8}"
REDIS="${REDIS_URL:-redis://127.0.0.1:6379/5}"
BASE="${PORT_BASE:-8500}"
UNCACHED=$((BASE + 1)) CACHED=$((BASE + 2)) VARNISH=$((BASE + 3))
PEER_PORT="${PEER_PORT:-8511}" STATIC=$((${PEER_PORT:-8511} + 1))
OUT="${OUT:-/tmp/serve_bench.md}"
ONLY="${ONLY:-uncached cached varnish wagtail static}"
PAGE_NAMES="${PAGE_NAMES:-article home section tag}"
wanted() { [[ " $ONLY " == *" $1 "* ]]; }
WORK="$(mktemp -d /tmp/serve-bench-XXXX)"
chmod 755 "$WORK"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz \
    DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 DATABASE_CONN_MAX_AGE=600 \
    STATIC_ROOT="$WORK/static" GUNICORN_WORKERS=2 GUNICORN_ACCESS_LOG= DJANGO_LOG_LEVEL=ERROR
.venv/bin/python manage.py collectstatic --no-input -v 0

# The pages: the sample article, home, a big section, a tag of middling use.
read -r ARTICLE TAG < <(.venv/bin/python manage.py shell -v 0 -c "
from urllib.parse import quote
from django.db.models import Count
from articles.models import Article
a = Article.objects.published().filter(headline__startswith='武汉市用改的成效').first()
Tag = Article.tags.through.tag_model()
t = Tag.objects.annotate(n=Count(Article.tags.through.tag_relname())).order_by('-n')[200]
print(a.get_absolute_url(), '/tags/' + quote(t.slug) + '/')
")
PAGES=("article $ARTICLE" "home /" "section /news/hubei/" "tag $TAG")
PEER_PAGES=("article /news/hubei/cnhubei-2019-07-29/" "home /" "section /news/hubei/")

serve() {  # name port [env...]
    local name=$1 port=$2; shift 2
    env "$@" GUNICORN_BIND="127.0.0.1:$port" nice -n 10 .venv/bin/gunicorn -c deploy/gunicorn.conf.py \
        >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
}
PORTS=()
if wanted uncached; then
    serve uncached "$UNCACHED" DJANGO_SETTINGS_MODULE=bench.serve_settings
    PORTS+=("$UNCACHED")
fi
if wanted cached || wanted varnish; then
    serve cached "$CACHED" REDIS_URL="$REDIS" VARNISH_URLS="http://127.0.0.1:$VARNISH/"
    PORTS+=("$CACHED")
fi
if wanted varnish; then
    sed -e "s/.port = \"8000\";/.port = \"$CACHED\";/" deploy/varnish/default.vcl >"$WORK/default.vcl"
    chmod 644 "$WORK/default.vcl"
    nice -n 10 varnishd -F -f "$WORK/default.vcl" -a "127.0.0.1:$VARNISH" -n "$WORK/varnish" \
        -s malloc,256m >"$WORK/varnish.log" 2>&1 &
    PIDS+=($!)
    PORTS+=("$VARNISH")
fi
if wanted wagtail; then
    DATABASE_URL="$PEER_DATABASE_URL" nice -n 10 bash "$PEER_DIR/serve.sh" "$PEER_PORT" 2 >"$WORK/peer.log" 2>&1 &
    PIDS+=($!)
    PORTS+=("$PEER_PORT")
fi
if wanted static; then
    nice -n 10 bash "$PEER_DIR/serve.sh" "$STATIC" 2 static >"$WORK/static.log" 2>&1 &
    PIDS+=($!)
    PORTS+=("$STATIC")
fi

for port in "${PORTS[@]}"; do
    for _ in $(seq 120); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
        sleep 0.5
    done
done

# target: "label port page-list-name"
TARGETS=()
for target in "uncached $UNCACHED PAGES" "cached $CACHED PAGES" "varnish $VARNISH PAGES" \
              "wagtail $PEER_PORT PEER_PAGES" "static $STATIC STATIC_PAGES"; do
    if wanted "${target%% *}"; then TARGETS+=("$target"); fi
done
STATIC_PAGES=("article /news/hubei/cnhubei-2019-07-29/")
RESULTS="$WORK/results.tsv"
: >"$RESULTS"

# The CPU a server spends: its processes (whatever listens on the port: gunicorn's master and
# workers, or varnishd) and the PostgreSQL backends serving their connections, in clock ticks.
# Steadier than requests a second on a shared machine: what other programs take from the two
# cores changes the throughput a lot more than the CPU each request costs.
# One line a process, "pid ticks": a server process counts its reaped children too (gunicorn
# recycles a worker every ~5,000 requests, a few seconds at cached rates, and the master reaps it),
# a backend is marked "b" and counts what it spent in between if alive at both ends, all it spent
# if opened in between (by a new worker); one closed with a recycled worker is lost, its whole
# CPU being gone from /proc, so a round that recycles a worker reads somewhat low.
server_ticks() {  # port
    local pids ports backends=""
    pids="$(ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u | tr '\n' ' ')"
    [ -n "$pids" ] || return 0
    ports="$(ss -tnpH state established "dport = :5432" | grep -E "pid=($(tr ' ' '|' <<<"${pids% }"))," \
        | awk '{split($3, a, ":"); print a[length(a)]}' | paste -sd, -)"
    if [ -n "$ports" ]; then
        backends="$(psql -h 127.0.0.1 -U postgres -d postgres -Atc \
            "SELECT pid FROM pg_stat_activity WHERE client_port IN ($ports)" 2>/dev/null | tr '\n' ' ')"
    fi
    local pid
    for pid in $pids; do
        [ -r "/proc/$pid/stat" ] || continue
        echo "$pid $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13 + $14 + $15}')"
    done
    for pid in $backends; do
        [ -r "/proc/$pid/stat" ] || continue
        echo "b$pid $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')"
    done
}
ticks_between() {  # "before" "after" (server_ticks' lines): the ticks spent in between
    awk 'NR == FNR { before[$1] = $2; next }
         { if ($1 ~ /^b/) total += ($1 in before) ? $2 - before[$1] : $2; else total += $2; }
         END { for (p in before) if (p !~ /^b/) total -= before[p]; print total + 0 }' \
        <(echo "$1") <(echo "$2")
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

measure() {  # label port page path
    local label=$1 port=$2 page=$3 path=$4 url="http://127.0.0.1:$2$4"
    # Warm-up (fills the caches and opens the database connections; a cached page is then a hit).
    nice -n 10 wrk -t2 -c"$CONNECTIONS" -d2s "$url" >/dev/null 2>&1 || true
    local out before after
    before="$(server_ticks "$port")"
    out="$(nice -n 10 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency "$url" 2>&1)"
    after="$(server_ticks "$port")"
    local rps p50 p99 errors requests cpu
    rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    errors="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
    requests="$(awk '/requests in/ {print $1}' <<<"$out")"
    cpu=$(($(ticks_between "$before" "$after") * TICK_US / ${requests:-1}))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$page" "$rps" "$p50" "$p99" "${errors:-0}" "$LOAD" "$cpu" >>"$RESULTS"
    printf '%-9s %-8s %10s req/s  p50 %-9s p99 %-9s non-2xx %s  CPU %s µs/request\n' "$label" "$page" "$rps" "$p50" "$p99" "${errors:-0}" "$cpu"
}

for round in $(seq "$ROUNDS"); do
    LOAD="$(cut -d' ' -f1 /proc/loadavg)"
    echo "== round $round (load average $LOAD)"
    # Each round starts with a different server, so none is always measured first.
    for i in $(seq 0 $((${#TARGETS[@]} - 1))); do
        read -r label port list <<<"${TARGETS[$(((i + round - 1) % ${#TARGETS[@]}))]}"
        declare -n pages="$list"
        for entry in "${pages[@]}"; do
            read -r page path <<<"$entry"
            [[ " $PAGE_NAMES " == *" $page "* ]] || continue
            measure "$label" "$port" "$page" "$path"
        done
        unset -n pages
    done
done

.venv/bin/python - "$RESULTS" "$OUT" <<'PY'
import statistics, sys
from collections import defaultdict
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
rps = defaultdict(list)
lat = defaultdict(list)
cpu = defaultdict(list)
loads = []
for label, page, r, p50, p99, errors, load, ticks in rows:
    rps[label, page].append(float(r))
    cpu[label, page].append(int(ticks))
    lat[label, page].append((p50, p99, errors))
    if load not in loads:
        loads.append(load)
med = {key: statistics.median(values) for key, values in rps.items()}
lines = [
    "| server | page | req/s (median of rounds) | rounds | CPU µs a request (server + its PostgreSQL backends), rounds | p50 / p99 (last round) | non-2xx |",
    "|---|---|---|---|---|---|---|",
]
for (label, page), value in med.items():
    p50, p99, errors = lat[label, page][-1]
    rounds = ", ".join(f"{v:,.0f}" for v in rps[label, page])
    cpus = ", ".join(f"{v:,}" for v in cpu[label, page])
    lines.append(f"| {label} | {page} | {value:,.0f} | {rounds} | {cpus} | {p50} / {p99} | {errors} |")
static = med.get(("static", "article"))
wagtail = {page: med[("wagtail", page)] for (label, page) in med if label == "wagtail"}
lines += ["", "| ratio | of the medians | round by round |", "|---|---|---|"]


def ratio(mine, theirs):
    each = ", ".join(f"{a / b:.2f}×" for a, b in zip(rps[mine], rps[theirs]) if b)
    return f"{med[mine] / med[theirs]:.2f}× | {each}"


for page, w in wagtail.items():
    if ("uncached", page) in med:
        lines.append(f"| uncached {page} / Wagtail {page} | {ratio(('uncached', page), ('wagtail', page))} |")
        theirs, mine = statistics.median(cpu["wagtail", page]), statistics.median(cpu["uncached", page])
        if mine:
            each = ", ".join(f"{b / a:.2f}×" for a, b in zip(cpu["uncached", page], cpu["wagtail", page]) if a)
            lines.append(f"| Wagtail's CPU a request / ours, {page} (throughput the CPU allows) | {theirs / mine:.2f}× | {each} |")
for label in ("cached", "varnish"):
    for page in ("article", "home", "section", "tag"):
        if static and (label, page) in med:
            lines.append(f"| {label} {page} / static ceiling | {ratio((label, page), ('static', 'article'))} |")
lines += ["", f"Load average (1 min) at the start of each round: {', '.join(loads)}"]
text = "\n".join(lines)
open(sys.argv[2], "w").write(text + "\n")
print(text)
PY
