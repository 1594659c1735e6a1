-- Lotteries of version 2 (junheng-lottery-draw/2) publish applicants by 公示编号 only; the private
-- lottery key that derives them from 报名号 (and checks a parent's 回执校验码) is kept here, as
-- the 64 hex digits of the key file. Lotteries stored before have none: their inputs hold the
-- real 报名号 (version 1) and the server shows their material to administrators only.
ALTER TABLE lotteries ADD COLUMN lottery_key TEXT;
