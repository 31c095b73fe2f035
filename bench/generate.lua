-- wrk: POST /generate with a different prompt each time (so no kept result answers it), with the
-- Authorization value in BENCH_AUTH ("Bearer <key>") when set.
local counter = 0
local headers = {["Content-Type"] = "application/json"}
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then
  headers["Authorization"] = auth
end
request = function()
  counter = counter + 1
  local body = '{"prompt":"bench ' .. counter .. '","model":"flux-schnell"}'
  return wrk.format("POST", "/generate", headers, body)
end
