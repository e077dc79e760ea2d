#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: Debian's package (installed when missing), a new
# cluster in a temporary folder, reachable only on a unix socket there. Prints the URL to use as
# WIRECODER_TEST_POSTGRES; `pg_ctl -D <folder>/data stop` (done by .ci/run on exit) ends it.
set -euo pipefail
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/wirecoder-pg.XXXXXX)
chown postgres "$dir"
as_postgres() { su postgres -s /bin/sh -c "$*" >&2; }
as_postgres "$bin/initdb -D $dir/data -A trust -U postgres"
as_postgres "$bin/pg_ctl -D $dir/data -o \"-k $dir -c listen_addresses=''\" -l $dir/log -w start"
as_postgres "$bin/createdb -h $dir -U postgres wirecoder_test"
echo "postgresql://postgres@/wirecoder_test?host=$dir"
