import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summitry import jsonio

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON)
def test_round_trip_equals_the_standard_library(obj):
    text = jsonio.dumps(obj)
    assert json.loads(text) == obj
    assert jsonio.loads(text) == json.loads(json.dumps(obj, ensure_ascii=False)) == obj


def test_non_ascii_is_kept_as_text():
    assert jsonio.dumps({"name": "Жапаров"}) == '{"name":"Жапаров"}'


@pytest.mark.parametrize("obj", ["lone \ud800 surrogate", {"big": 2**80}, {"just_below": -(2**63) - 1}])
def test_what_orjson_refuses_takes_the_standard_path(obj):
    assert json.loads(jsonio.dumps(obj)) == obj
    assert jsonio.loads(json.dumps(obj)) == obj


def test_a_malformed_text_fails_with_the_standard_message():
    with pytest.raises(json.JSONDecodeError) as err:
        jsonio.loads('{"a": }')
    assert (err.value.msg, err.value.colno) == ("Expecting value", 7)
