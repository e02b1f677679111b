-- MinHash signatures of article bodies and their LSH band keys, so the copy-candidate index
-- grows with the store: adding an article looks up its bands instead of rebuilding anything.

CREATE TABLE minhash (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    signature  BLOB NOT NULL                 -- little-endian uint32 x num_perm (compare.fingerprints)
);

CREATE TABLE minhash_bands (
    band       INTEGER NOT NULL,
    key        INTEGER NOT NULL,             -- the band's 64-bit key as a signed integer
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, article_id)
) WITHOUT ROWID;
