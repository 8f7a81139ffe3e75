-- wrk script for bench/harness.py: optional POST body (autosave) and a one-line
-- JSON summary at the end, which the harness reads.
--   BENCH_METHOD, BENCH_BODY (with {n}: a number that rises with each request of
--   a thread, from BENCH_FIRST + 1; BENCH_FIRST defaults to 1000000),
--   BENCH_HEADERS ("Name: value|Name: value"), or BENCH_THREAD_HEADERS
--   (one such list per thread, separated by "||": each thread its own person),
--   BENCH_EXPECT (text every answer's body must hold; the others are counted as
--   "unexpected", which the harness reports as errors),
--   BENCH_PATH (the path to ask for, with {n}: BENCH_RUN's digits, the
--   thread's number in two and the request's, each digit written as an English
--   word a search leaves out (0 "a", 1 "an", ...): no two requests of a run ask
--   for the same path, and each searches for the same words).
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local expect = os.getenv("BENCH_EXPECT")
local first = tonumber(os.getenv("BENCH_FIRST") or "1000000")
local path_template = os.getenv("BENCH_PATH")
local run = os.getenv("BENCH_RUN") or ""
-- Digits as words a search leaves out (bench/harness.py's UNSEARCHED).
local unsearched = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for"}

local function as_unsearched(digits)
  local words = {}
  for digit in string.gmatch(digits, "%d") do
    table.insert(words, unsearched[tonumber(digit) + 1])
  end
  return table.concat(words, "+")
end

local function parse(list)
  local parsed = {}
  for pair in string.gmatch(list or "", "[^|]+") do
    local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
    if name then parsed[name] = value end
  end
  return parsed
end

local function split(text, separator)
  local parts, start = {}, 1
  while true do
    local from, to = string.find(text, separator, start, true)
    if not from then
      table.insert(parts, string.sub(text, start))
      return parts
    end
    table.insert(parts, string.sub(text, start, from - 1))
    start = to + 1
  end
end

local per_thread = {}
if (os.getenv("BENCH_THREAD_HEADERS") or "") ~= "" then
  per_thread = split(os.getenv("BENCH_THREAD_HEADERS"), "||")
end

local threads = {}
local counter = 0
unexpected = 0  -- a global: done() reads it from each thread
local headers = parse(os.getenv("BENCH_HEADERS"))

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
  thread:set("own", per_thread[#threads] or "")
end

function init(args)
  counter = 0
  unexpected = 0
  if own and own ~= "" then headers = parse(own) end
end

function request()
  counter = counter + 1
  local sent = nil
  if body then
    -- Rising with each request of this thread (its own person's answer).
    sent = string.gsub(body, "{n}", string.format("%d", first + counter))
  end
  local path = nil
  if path_template then
    local digits = string.format("%s%02d%d", run, id, counter)
    path = string.gsub(path_template, "{n}", as_unsearched(digits))
  end
  return wrk.format(method, path, headers, sent)
end

if expect then
  function response(status, headers, answer)
    if not string.find(answer, expect, 1, true) then
      unexpected = unexpected + 1
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local refused = 0
  for _, thread in ipairs(threads) do
    refused = refused + (thread:get("unexpected") or 0)
  end
  io.write(string.format(
    '\nBENCH {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"socket_errors": %d, "non_2xx_3xx": %d, "timeouts": %d, "unexpected": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write, e.status, e.timeout, refused,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
