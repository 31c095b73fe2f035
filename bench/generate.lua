-- wrk: POST /generate with a different prompt each time.
local counter = 0
request = function()
  counter = counter + 1
  local body = '{"prompt":"bench ' .. counter .. '","model":"flux-schnell"}'
  return wrk.format("POST", "/generate", {["Content-Type"] = "application/json"}, body)
end
