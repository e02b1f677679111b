-- As ../0008_reuse_index.sql: the passage reuse index and the relations it verified.

CREATE TABLE reuse_hashes (
    hash       BIGINT NOT NULL,              -- the 64-bit hash as a signed integer
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (hash, article_id)
);

CREATE TABLE reuse_indexed (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);

CREATE TABLE reuse_relations (
    a    TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b    TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    PRIMARY KEY (a, b)
);

CREATE INDEX reuse_relations_b ON reuse_relations (b);
