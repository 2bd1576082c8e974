"""The demo job search (`followup demo`): built by build.py from the material in words.py."""

from followup_tui.demo.build import DemoSummary, build_demo

__all__ = ["DemoSummary", "build_demo"]
