-- Sliding-window velocity counters, one sorted set per rule and scope value.
-- KEYS[i]: the window's key. ARGV[1]: now in epoch ms; ARGV[2]: this payment's member
-- ("<payment or assessment id>:<amount>", one per payment); then per key ARGV[1+2i]: the window in ms,
-- ARGV[2+2i]: "1" when the amounts must be summed.
-- Records the payment in every window and returns, per key, the count and the sum of the payments
-- within (now - window, now], this one included. Atomic: concurrent assessments each count.
local now = tonumber(ARGV[1])
local member = ARGV[2]
local result = {}
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[1 + 2 * i])
  local wantSum = ARGV[2 + 2 * i] == '1'
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window + 1000)
  local count = redis.call('ZCARD', key)
  local sum = 0
  if wantSum then
    for _, m in ipairs(redis.call('ZRANGE', key, 0, -1)) do
      sum = sum + tonumber(string.match(m, ':(%d+)$'))
    end
  end
  result[#result + 1] = count
  result[#result + 1] = sum
end
return result
