#!/bin/bash
# What following one job costs per transport (docs/jobs.md): the app on core 0, JobWireCost on core 1
taskset -c 0 java -jar target/transport-lab-0.1.0-SNAPSHOT.jar --server.port=18085 --logging.level.root=warn &
S=$!
until curl -sf -o /dev/null http://localhost:18085/actuator/health; do sleep 0.5; done
for a in "--steps 20 --step-millis 500 --poll-millis 1000" "--steps 20 --step-millis 500 --poll-millis 250" "--steps 10 --step-millis 3000 --poll-millis 1000"; do
  taskset -c 1 java @target/tool-cp.args dev.transportlab.tools.measure.JobWireCost --base-url http://localhost:18085 $a
  echo
done
echo "a plain curl poll, request headers and response headers in bytes:"
curl -s -o /dev/null -w '%{size_request} %{size_header}\n' 'http://localhost:18085/api/feeds/live/events?wait=0'
kill $S; wait $S   # the app's exit code after SIGTERM (143) is not the measurement's
exit 0
