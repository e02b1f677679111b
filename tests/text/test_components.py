from copydesk.text.components import components


def test_components_join_links_transitively_in_input_order():
    assert components(["a", "b", "c", "d", "e"], [("d", "b"), ("e", "a"), ("b", "x")]) == [
        ["a", "e"], ["b", "d"], ["c"]
    ]
    assert components([], []) == []
