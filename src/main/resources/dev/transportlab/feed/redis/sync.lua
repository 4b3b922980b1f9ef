-- One feed, once a lease period, on every instance that has it (dev.transportlab.feed.redis.RedisFeedLog;
-- arguments and answer typed in FeedScripts.SyncRequest and SyncReply).
-- Makes the epoch when the feed has none (first start, or Redis lost its data), renews or takes the
-- publisher's lease, and answers {lease held?, epoch, seq, rate, markers}.
-- KEYS: meta hash, lease, stream
-- ARGV: instance, lease ms, may take the lease (1/0), epoch to create, rate, markers, key ttl ms (0: none),
--       this instance's epoch, this instance's newest seq, may create the feed (1/0)
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[10] ~= '1' then
    return {-1, '', '0', '', ''}
  end
  redis.call('DEL', KEYS[3])
  redis.call('HSET', KEYS[1], 'epoch', ARGV[4], 'seq', 0, 'rate', ARGV[5], 'markers', ARGV[6])
else
  local m = redis.call('HMGET', KEYS[1], 'epoch', 'seq')
  -- Redis came back with less than this instance already read (its newest writes were lost):
  -- that history is gone as well, so it gets a new epoch rather than a second version of some seqs.
  if m[1] == ARGV[8] and tonumber(m[2]) < tonumber(ARGV[9]) then
    redis.call('DEL', KEYS[3])
    redis.call('HSET', KEYS[1], 'epoch', ARGV[4], 'seq', 0)
  end
end
if tonumber(ARGV[7]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[7])
  redis.call('PEXPIRE', KEYS[3], ARGV[7])
end
local holder = redis.call('GET', KEYS[2])
local lease = 0
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  lease = 1
elseif (not holder) and ARGV[3] == '1' then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  lease = 1
end
local m = redis.call('HMGET', KEYS[1], 'epoch', 'seq', 'rate', 'markers')
return {lease, m[1] or '', m[2] or '0', m[3] or '', m[4] or ''}
