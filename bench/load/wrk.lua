-- wrk reporter for bench/run: prints one JSON object with the figures bench/load/Report.java reads
-- (rates, latency percentiles in ms, errors). Requests themselves are plain GETs with wrk's -H headers.
done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local failed = e.status + e.connect + e.read + e.write + e.timeout
  local ok = summary.requests - e.status
  local ms = function(p) return latency:percentile(p) / 1000 end
  io.write(string.format(
    '{"tool":"wrk","mode":"closed","seconds":%.3f,"sent":%d,"completed":%d,"ok":%d,"rps":%.2f,"okPerSecond":%.2f,' ..
    '"latencyMs":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"p999":%.3f,"max":%.3f,"mean":%.3f},' ..
    '"outcomes":{"non-2xx/3xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d},"errorRate":%.4f}\n',
    seconds, summary.requests, summary.requests, ok, summary.requests / seconds, ok / seconds,
    ms(50), ms(90), ms(99), ms(99.9), latency.max / 1000, latency.mean / 1000,
    e.status, e.connect, e.read, e.write, e.timeout,
    summary.requests > 0 and failed / summary.requests or 0))
end
