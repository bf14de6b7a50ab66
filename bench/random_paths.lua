-- wrk: each request asks for a random path from the file named by $PATHS (one a line).
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
