-- The admin address the lease holder advertises (Coordinator:AdvertiseAddress), so that a standby can name
-- it in its NOT_LEADER errors. Written by the holder at every acquisition and renewal, together with the epoch
-- it was written for: an address is only the leader's when holder_address_epoch equals epoch (a coordinator
-- of an older version acquires without touching these columns, and its epoch then differs). NULL when the
-- holder advertises no address.
ALTER TABLE leases
    ADD COLUMN holder_address       text,
    ADD COLUMN holder_address_epoch bigint;
