-- wrk script for scripts/loadtest: each request is an Open311 POST
-- requests.json of a new report, as a 12345 platform forwards it, with a
-- client_id of its own (a UUID made of the run, the thread and a counter), so
-- that every request makes a new case and none is taken for a retry.
--
-- Set by scripts/loadtest in the environment: LOADTEST_ADDRS, the servers'
-- addresses (host:port, space-separated; thread k talks to the k-th mod
-- their number); LOADTEST_READS, the percentage of requests that read (a
-- case this thread was answered, or a page of open requests of a category);
-- LOADTEST_ACKED, a file where done writes the case numbers answered to the
-- reports, one a line; LOADTEST_PREFIX, the path that requests.json is under
-- (/open311/v2 unless set: scripts/loadtest --peer sets another server's);
-- LOADTEST_SERVICES, the service codes to report in (space-separated;
-- Guanjia's demo categories unless set); LOADTEST_CLIENT_ID=0 leaves out the
-- client_id, which is Guanjia's and not GeoReport v2's (--peer: a server may
-- refuse fields it does not know).

local categories = {"garbage", "overflowing-bin", "illegal-parking", "road-damage", "streetlight", "noise", "manhole"}
local texts = {"路边堆了一大堆生活垃圾，已经有异味了。", "垃圾桶已经满了，垃圾散落一地。",
  "一辆小车停在消防通道上，挡住了进出。", "路面出现一个大坑，电动车经过很危险。",
  "这一段路灯连续几晚不亮了。", "晚上广场舞音响太吵，影响休息。", "人行道上的井盖不见了，晚上很危险！"}
local roads = {"子夜路", "隆源路", "新华路", "石佛南路", "西栅大街"}

local prefix = os.getenv("LOADTEST_PREFIX") or "/open311/v2"
local client_ids = os.getenv("LOADTEST_CLIENT_ID") ~= "0"

counter = 0
thread_id = 0 -- set by setup, for each thread
run = 0       -- set by setup: the run, from the clock
api_key = "demo"
reads = 0     -- set by setup: LOADTEST_READS
acked = {}    -- the case numbers answered to this thread's reports
answered = 0  -- responses this thread received
local threads = {}

local function split(s)
  local out = {}
  for w in string.gmatch(s or "", "%S+") do
    out[#out + 1] = w
  end
  return out
end

if (os.getenv("LOADTEST_SERVICES") or "") ~= "" then
  categories = split(os.getenv("LOADTEST_SERVICES"))
end

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
  thread:set("run", os.time() % 0x10000)
  thread:set("reads", tonumber(os.getenv("LOADTEST_READS") or "0"))
  local addrs = split(os.getenv("LOADTEST_ADDRS"))
  if #addrs > 0 then
    local host, port = addrs[(#threads - 1) % #addrs + 1]:match("^(.*):(%d+)$")
    thread.addr = wrk.lookup(host, port)[1]
  end
end

function init(args)
  if args[1] ~= nil then
    api_key = args[1]
  end
end

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local read_count = 0

-- read is a GET of a case answered before, or of a page of open requests.
local function read()
  read_count = read_count + 1
  if read_count % 2 == 0 then
    return wrk.format("GET", prefix .. "/requests/" .. acked[read_count % #acked + 1] .. ".json?api_key=" .. api_key)
  end
  return wrk.format("GET", prefix .. "/requests.json?api_key=" .. api_key .. "&status=open&page_size=20&service_code=" ..
    categories[read_count % #categories + 1])
end

request = function()
  if reads > 0 and #acked > 0 and math.random(100) <= reads then
    return read()
  end
  counter = counter + 1
  local i = counter % #categories + 1
  local text = texts[counter % #texts + 1]
  local lat = 30.735 + (counter * 7919 % 1000) / 1000 * 0.02
  local lng = 120.475 + (counter * 104729 % 1000) / 1000 * 0.02
  local body = "api_key=" .. api_key ..
    "&service_code=" .. categories[i] ..
    "&lat=" .. string.format("%.6f", lat) .. "&long=" .. string.format("%.6f", lng) ..
    "&address_string=" .. escape("乌镇镇" .. roads[counter % #roads + 1] .. (counter % 300 + 1) .. "号附近") ..
    "&description=" .. escape(text) ..
    "&first_name=" .. escape("张") .. "&phone=139" .. string.format("%08d", counter * 7 % 100000000)
  if client_ids then
    body = body .. "&client_id=" ..
      string.format("%08x-%04x-4%03x-8%03x-%012x", counter, thread_id, run % 0x1000, thread_id % 0x1000, run)
  end
  return wrk.format("POST", prefix .. "/requests.json",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

local failed = 0
response = function(status, headers, body)
  answered = answered + 1
  -- The answer to a report has its number (or a token) and no status;
  -- a read's requests each have a status.
  if status == 200 and not body:find('"status"', 1, true) and
      (body:find('"service_request_id"', 1, true) or body:find('"token"', 1, true)) then
    acked[#acked + 1] = body:match('"service_request_id"%s*:%s*"?([^",}%s]+)') or ("token:" .. body:match('"token":"([^"]+)"'))
  elseif status ~= 200 then
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write("loadtest: HTTP " .. status .. ": " .. body:sub(1, 300) .. "\n")
    end
  end
end

done = function(summary, latency, requests)
  local file = os.getenv("LOADTEST_ACKED")
  if file then
    local f = assert(io.open(file, "w"))
    for _, t in ipairs(threads) do
      for _, n in ipairs(t:get("acked")) do
        f:write(n, "\n")
      end
    end
    f:close()
  end
  io.write(string.format("loadtest-cpu seconds=%.2f\n", os.clock()))
  local per = {}
  for k, t in ipairs(threads) do
    per[#per + 1] = string.format("thread %d to %s %d", k, tostring(t.addr), t:get("answered"))
  end
  io.write("loadtest: responses by thread: ", table.concat(per, ", "), "\n")
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("loadtest-counts answered=%d failed=%d\n", summary.requests, errors + summary.errors.status))
  io.write(string.format("loadtest: %d requests in %.1f s: %.0f req/s; errors %d (non-2xx %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  io.write(string.format("loadtest: latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
