-- Appends one event, only for the lease holder and only as the next seq of the current epoch, so
-- that a publisher that lost its lease (paused, cut off) can never write a duplicate or a fork.
-- KEYS: meta hash, lease, stream
-- ARGV: instance, epoch, seq, max length (approximate), event json, ts (typed in FeedScripts.append)
-- Answers {1, epoch, seq} when written, {-1, '', '0'} without the lease, {0, epoch, seq} with the
-- state the publisher must continue from.
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return {-1, '', '0'}
end
local m = redis.call('HMGET', KEYS[1], 'epoch', 'seq')
if not m[1] then
  return {0, '', '0'}
end
if m[1] ~= ARGV[2] or tonumber(m[2]) + 1 ~= tonumber(ARGV[3]) then
  return {0, m[1], m[2]}
end
-- The entry id is the seq itself: XREAD after "N-0" is "after seq N".
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], ARGV[3] .. '-0', 'e', ARGV[2], 't', ARGV[6], 'd', ARGV[5])
redis.call('HSET', KEYS[1], 'seq', ARGV[3])
return {1, ARGV[2], ARGV[3]}
