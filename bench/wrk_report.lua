-- Prints one JSON line at the end of a wrk run: requests, duration and latency percentiles (µs),
-- every kind of error wrk counts, and the answers by status (200s, 503s, other 5xx, 4xx).
--
-- WRK_PATH (optional): the path to request, with {q} replaced on each request by a random word
-- from WRK_WORDS (comma-separated), so that answers cannot come from a cache.

local path = os.getenv("WRK_PATH")
local words = {}
for word in string.gmatch(os.getenv("WRK_WORDS") or "", "[^,]+") do
  table.insert(words, word)
end
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, unavailable, server_error, client_error = 0, 0, 0, 0
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  if path == nil then
    return wrk.format()
  end
  local q = words[math.random(#words)] .. "+" .. words[math.random(#words)]
  return wrk.format("GET", (string.gsub(path, "{q}", q)))
end

function response(status, headers, body)
  if status == 503 then
    unavailable = unavailable + 1
  elseif status >= 500 then
    server_error = server_error + 1
  elseif status >= 400 then
    client_error = client_error + 1
  else
    ok = ok + 1
  end
end

done = function(summary, latency, requests)
  local counts = {ok = 0, unavailable = 0, server_error = 0, client_error = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do
      counts[name] = counts[name] + thread:get(name)
    end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"ok": %d, "unavailable": %d, "server_error": %d, "client_error": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout,
    counts.ok, counts.unavailable, counts.server_error, counts.client_error))
end
