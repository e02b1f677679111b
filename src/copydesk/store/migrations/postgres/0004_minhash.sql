-- As ../0004_minhash.sql: MinHash signatures of article bodies and their LSH band keys.

CREATE TABLE minhash (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    signature  BYTEA NOT NULL                 -- little-endian uint32 x num_perm (compare.fingerprints)
);

CREATE TABLE minhash_bands (
    band       INTEGER NOT NULL,
    key        BIGINT NOT NULL,               -- the band's 64-bit key as a signed integer
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, article_id)
);
