-- wrk script for bench/harness.py: optional POST body (autosave) and a one-line
-- JSON summary at the end, which the harness reads.
--   BENCH_METHOD, BENCH_BODY (with {n}: a number that rises per request),
--   BENCH_HEADERS ("Name: value|Name: value")
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local headers = {}
for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local sent = nil
  if body then
    -- Rising across every thread: thread t sends t, t+T, t+2T, ...
    sent = string.gsub(body, "{n}", tostring(1000000 + counter * 16 + (id or 0)))
  end
  return wrk.format(method, nil, headers, sent)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"socket_errors": %d, "non_2xx_3xx": %d, "timeouts": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
