"""Runs the unittest suite in this folder and writes its results as JUnit XML, with
Python's standard library only (the machine needs no pytest):

    python3 run_suite.py --junit shortlinks/junit.xml

A relative --junit path is taken under $EPHEMERAL_ARTIFACTS_DIR when the tool sets it.

Exits 0 when every test passed, 1 when one failed, 2 when none ran."""

import argparse
import os
import sys
import time
import traceback
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))


class RecordingResult(unittest.TextTestResult):
    """Keeps every test's outcome and duration, for the JUnit file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = []
        self._started = {}

    def startTest(self, test):
        self._started[test.id()] = time.monotonic()
        super().startTest(test)

    def _record(self, test, outcome, detail=None):
        elapsed = time.monotonic() - self._started.get(test.id(), time.monotonic())
        self.records.append((test, outcome, detail, elapsed))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failure", err)

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            outcome = "failure" if issubclass(err[0], test.failureException) else "error"
            self._record(subtest, outcome, err)


def junit_xml(records, suite_name, elapsed):
    counts = {outcome: sum(1 for _, o, _, _ in records if o == outcome) for outcome in ("failure", "error", "skipped")}
    suite = ET.Element(
        "testsuite",
        name=suite_name,
        tests=str(len(records)),
        failures=str(counts["failure"]),
        errors=str(counts["error"]),
        skipped=str(counts["skipped"]),
        time=f"{elapsed:.3f}",
    )
    for test, outcome, detail, seconds in records:
        # A failed subtest reports under its test, with the subtest's parameters in the name.
        owner = getattr(test, "test_case", test)
        classname, _, name = owner.id().rpartition(".")
        if owner is not test:
            name = f"{name} {test._subDescription()}"
        case = ET.SubElement(suite, "testcase", classname=classname, name=name, time=f"{seconds:.3f}")
        if outcome in ("failure", "error"):
            exc_type, exc_value, exc_tb = detail
            node = ET.SubElement(case, outcome, message=str(exc_value)[:500], type=exc_type.__name__)
            node.text = "".join(traceback.format_exception(exc_type, exc_value, exc_tb))
        elif outcome == "skipped":
            ET.SubElement(case, "skipped", message=str(detail))
    root = ET.Element("testsuites", name=suite_name, tests=suite.get("tests"), failures=suite.get("failures"), errors=suite.get("errors"))
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--junit", default="junit.xml", help="where to write the JUnit XML")
    parser.add_argument("--name", default="shortlinks", help="the test suite's name in the report")
    parser.add_argument("pattern", nargs="?", default="test_*.py")
    args = parser.parse_args()

    sys.path.insert(0, HERE)
    tests = unittest.defaultTestLoader.discover(HERE, pattern=args.pattern, top_level_dir=HERE)
    runner = unittest.TextTestRunner(resultclass=RecordingResult, verbosity=2, stream=sys.stdout)
    started = time.monotonic()
    result = runner.run(tests)
    elapsed = time.monotonic() - started

    # A relative path is the tool's: under the run's artifacts folder when it gives one.
    junit = os.path.join(os.environ.get("EPHEMERAL_ARTIFACTS_DIR", ""), args.junit)
    os.makedirs(os.path.dirname(os.path.abspath(junit)), exist_ok=True)
    with open(junit, "w", encoding="utf-8") as file:
        file.write(junit_xml(result.records, args.name, elapsed) + "\n")
    if result.testsRun == 0:
        return 2
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
