"""SQLite specifics: opening a store many processes create at once."""


def test_processes_opening_a_brand_new_store_at_once_all_get_it(tmp_path):
    import threading

    from copydesk.store import Store

    errors = []

    def open_and_count(db):
        try:
            with Store(db) as store:
                store.count_articles()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    for k in range(20):  # the WAL switch of a new file is the race: several tries to meet it
        threads = [threading.Thread(target=open_and_count, args=(tmp_path / f"s{k}.db",)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert not errors
