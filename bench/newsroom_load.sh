#!/usr/bin/env bash
# A newsroom under load: readers (wrk, random public pages) while editors save drafts (about two
# a second) and publish (one a minute) through the admin (bench/newsroom_saves.py). Reports the
# page cache's hit rate (gunicorn's access log, X-Cache) and readers' latency. A benchmark.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_cache_bench bash bench/newsroom_load.sh
#   CODE=/tmp/cache-before DATABASE_URL=.../nr_cache_before LABEL=before bash bench/newsroom_load.sh
#
# CODE: the checkout to serve (default this one; "before" is an older commit exported with
# `git archive`, whose page cache got an X-Cache header for this measurement). SECONDS_UNDER_LOAD
# (180), PORT (8521), REDIS_URL (redis://127.0.0.1:6379/5, emptied first), CONNECTIONS (8).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CODE="${CODE:-$HERE}"
LABEL="${LABEL:-after}"
DURATION="${SECONDS_UNDER_LOAD:-180}"
PORT="${PORT:-8521}"
REDIS="${REDIS_URL:-redis://127.0.0.1:6379/5}"
CONNECTIONS="${CONNECTIONS:-8}"
PY="$HERE/.venv/bin/python"
WORK="$(mktemp -d /tmp/newsroom-load-XXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz \
    DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver DJANGO_SECURE_SSL_REDIRECT=0 \
    DATABASE_CONN_MAX_AGE=600 STATIC_ROOT="$WORK/static" REDIS_URL="$REDIS" DJANGO_LOG_LEVEL=ERROR
redis-cli -u "$REDIS" flushdb >/dev/null
cd "$CODE"
"$PY" manage.py collectstatic --no-input -v 0

# Readers' pages: home, the top-level and second-level sections, the 300 newest articles, the 30
# most used tags (a front page's traffic is concentrated on what is new).
"$PY" manage.py shell -v 0 -c "
from urllib.parse import quote
from django.db.models import Count
from articles.models import Article, Section
paths = ['/']
paths += [s.get_absolute_url() for s in Section.objects.active().filter(depth__lte=1)[:40]]
paths += [a.get_absolute_url() for a in Article.objects.published().select_related('section')[:300]]
Tag = Article.tags.through.tag_model()
paths += ['/tags/' + quote(t.slug) + '/' for t in Tag.objects.annotate(n=Count(Article.tags.through.tag_relname())).order_by('-n')[:30]]
print('\n'.join(paths))
" >"$WORK/paths.txt"

nice -n 10 "$HERE/.venv/bin/gunicorn" newsroom.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
    --worker-class sync --log-level warning --access-logfile "$WORK/access.log" \
    --access-logformat '%(m)s %(s)s %(M)s %({x-cache}o)s %(U)s' >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break; sleep 0.5; done
# Warm the cache: every reader's page once.
PATHS="$WORK/paths.txt" nice -n 10 wrk -t2 -c4 -d20s -s "$HERE/bench/random_paths.lua" "http://127.0.0.1:$PORT" >/dev/null
: >"$WORK/access.log"

NEWSROOM_CODE="$CODE" nice -n 10 "$PY" "$HERE/bench/newsroom_saves.py" --seconds "$DURATION" >"$WORK/saves.txt" 2>&1 &
SAVER=$!
PATHS="$WORK/paths.txt" nice -n 10 wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency \
    -s "$HERE/bench/random_paths.lua" "http://127.0.0.1:$PORT" >"$WORK/wrk.txt" 2>&1
wait "$SAVER" || true

echo "== $LABEL ($CODE), $DURATION s"
grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%" "$WORK/wrk.txt"
cat "$WORK/saves.txt"
awk '$1 == "GET" { total++; if ($4 == "HIT") hit++; else if ($4 == "STALE") stale++ }
     END { printf "page cache: %d requests, %.1f%% hits, %.1f%% stale\n", total, 100 * hit / total, 100 * stale / total }' \
    "$WORK/access.log"
