"""The bundled YAML files are read by libyaml's loader (model/bundled.py): the same values as PyYAML's own."""

from importlib import resources

import pytest
import yaml

from auditkit.model.bundled import bundled_yaml


@pytest.mark.parametrize("package, name", [
    ("auditkit.model", "messages.yaml"),
    ("auditkit.inputs", "presets.yaml"),
    ("auditkit.inputs.documents", "statements.yaml"),
    ("auditkit.inputs.documents", "labels.yaml"),
])
def test_a_bundled_file_reads_as_the_python_loader_reads_it(package, name):
    text = resources.files(package).joinpath(name).read_text("utf-8")
    assert bundled_yaml(package, name) == yaml.safe_load(text)
