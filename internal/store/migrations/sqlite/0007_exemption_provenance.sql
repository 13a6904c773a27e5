-- Where a recorded exemption comes from: the committee, the purpose of the
-- travel and the published decision (vigil exemptions import).
ALTER TABLE exemption ADD COLUMN committee TEXT NOT NULL DEFAULT '';
ALTER TABLE exemption ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE exemption ADD COLUMN source TEXT NOT NULL DEFAULT '';
