#!/bin/sh
# Kubernetes preStop hook of an Affinity Toolkit node (any container): drains the node, then waits
# until it holds no session and serves no request, at most DRAIN_WAIT seconds, so that the pod
# stops only once its sessions are handed over and its requests answered.
#   AFFINITY_URL  the node's base URL with its context path, seen from inside the pod
#                 (default http://127.0.0.1:8080); loopback is allowed by admin.allow's default
#   DRAIN_WAIT    seconds to wait at most (default 30; keep terminationGracePeriodSeconds above it)
# Exit status 0 once drained; 1 if the node could not be asked, or was not drained in time.
set -u
drain="${AFFINITY_URL:-http://127.0.0.1:8080}/affinity/admin/drain"
wait="${DRAIN_WAIT:-30}"
curl -fsS -X POST "$drain" > /dev/null || exit 1
end=$(( $(date +%s) + wait ))
while [ "$(date +%s)" -lt "$end" ]; do
  if curl -fsS "$drain" | grep -q '"sessions":0,"requests":0'; then
    exit 0
  fi
  sleep 1
done
echo "affinity: the node still holds sessions or requests after ${wait} s" >&2
exit 1
