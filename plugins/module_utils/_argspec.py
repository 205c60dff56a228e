# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An argument spec plus its cross-option rules, kept in one object.

PRIVATE to configmgr.sup. Each module's spec lives in ``module_utils`` so that the docs-only
module file (checked by ``ansible-test sanity`` validate-modules) and the action plugin that
really runs the module validate task arguments against exactly the same definition.
"""

from __future__ import annotations


class ArgumentSpec(object):
    """Options and the rules between them, as AnsibleModule and ArgumentSpecValidator take them."""

    RULES = ('mutually_exclusive', 'required_together', 'required_one_of', 'required_if', 'required_by')

    def __init__(self, argument_spec, mutually_exclusive=None, required_together=None,
                 required_one_of=None, required_if=None, required_by=None):
        self.argument_spec = argument_spec
        self.mutually_exclusive = list(mutually_exclusive or [])
        self.required_together = list(required_together or [])
        self.required_one_of = list(required_one_of or [])
        self.required_if = list(required_if or [])
        self.required_by = dict(required_by or {})

    def rules(self):
        """The cross-option rules as keyword arguments."""
        return dict((name, getattr(self, name)) for name in self.RULES)

    def module_kwargs(self):
        """Keyword arguments for ``AnsibleModule``."""
        kwargs = self.rules()
        kwargs['argument_spec'] = self.argument_spec
        return kwargs
