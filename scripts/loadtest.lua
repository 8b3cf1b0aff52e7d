-- wrk script for scripts/loadtest: each request is an Open311 POST
-- requests.json of a new report, as a 12345 platform forwards it, with a
-- client_id of its own (a UUID made of the run, the thread and a counter), so
-- that every request makes a new case and none is taken for a retry.

local categories = {"garbage", "overflowing-bin", "illegal-parking", "road-damage", "streetlight", "noise", "manhole"}
local texts = {"路边堆了一大堆生活垃圾，已经有异味了。", "垃圾桶已经满了，垃圾散落一地。",
  "一辆小车停在消防通道上，挡住了进出。", "路面出现一个大坑，电动车经过很危险。",
  "这一段路灯连续几晚不亮了。", "晚上广场舞音响太吵，影响休息。", "人行道上的井盖不见了，晚上很危险！"}
local roads = {"子夜路", "隆源路", "新华路", "石佛南路", "西栅大街"}

counter = 0
thread_id = 0 -- set by setup, for each thread
run = 0       -- set by setup: the run, from the clock
api_key = "demo"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
  thread:set("run", os.time() % 0x10000)
end

function init(args)
  if args[1] ~= nil then
    api_key = args[1]
  end
end

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  counter = counter + 1
  local i = counter % #categories + 1
  local lat = 30.735 + (counter * 7919 % 1000) / 1000 * 0.02
  local lng = 120.475 + (counter * 104729 % 1000) / 1000 * 0.02
  local id = string.format("%08x-%04x-4%03x-8%03x-%012x", counter, thread_id, run % 0x1000, thread_id % 0x1000, run)
  local body = "api_key=" .. api_key ..
    "&service_code=" .. categories[i] ..
    "&lat=" .. string.format("%.6f", lat) .. "&long=" .. string.format("%.6f", lng) ..
    "&address_string=" .. escape("乌镇镇" .. roads[counter % #roads + 1] .. (counter % 300 + 1) .. "号附近") ..
    "&description=" .. escape(texts[i]) ..
    "&first_name=" .. escape("张") .. "&phone=139" .. string.format("%08d", counter * 7 % 100000000) ..
    "&client_id=" .. id
  return wrk.format("POST", "/open311/v2/requests.json",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

local failed = 0
response = function(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write("loadtest: HTTP " .. status .. ": " .. body:sub(1, 300) .. "\n")
    end
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("loadtest-counts answered=%d failed=%d\n", summary.requests, errors + summary.errors.status))
  io.write(string.format("loadtest: %d requests in %.1f s: %.0f req/s; errors %d (non-2xx %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  io.write(string.format("loadtest: latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
