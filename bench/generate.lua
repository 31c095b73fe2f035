-- wrk: POST /generate with a different prompt each time, across wrk's threads and runs too (so no kept
-- result answers it), with the Authorization value in BENCH_AUTH ("Bearer <key>") when set.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
local counter = 0
local run = os.time()
local headers = {["Content-Type"] = "application/json"}
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then
  headers["Authorization"] = auth
end
request = function()
  counter = counter + 1
  local body = '{"prompt":"bench ' .. run .. '-' .. (thread_id or 0) .. '-' .. counter .. '","model":"flux-schnell"}'
  return wrk.format("POST", "/generate", headers, body)
end
