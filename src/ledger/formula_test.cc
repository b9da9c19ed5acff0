#include "ledger/formula.h"

#include <gtest/gtest.h>

#include "ledger/molecule.h"
#include "ledger/queries.h"
#include "testing/ledger_fixture.h"

namespace gt {
namespace {

constexpr const char* kGood = R"toml(formula = "ship"
description = "Ship {{what}}"
version = 1

[vars.what]
required = true
pattern = "^[a-z]+$"

[vars.size]
default = "small"
enum = ["small", "large"]

[[steps]]
id = "design"
title = "Design {{what}}"

[[steps]]
id = "build"
title = "Build {{what}} ({{size}})"
needs = ["design"]
check = ["make", "{{what}}"]

[[steps]]
id = "review"
title = "Review"
depends_on = ["build", "design"]
gate = { type = "human" }
)toml";

std::string ErrorOf(const std::string& text, const std::string& path = "t.formula.toml") {
  auto f = ParseFormula(text, path);
  return f ? "" : f.error().message;
}

TEST(FormulaTest, ParsesStepsVarsAndNeeds) {
  auto f = ParseFormula(kGood, "ship.formula.toml");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->name, "ship");
  ASSERT_EQ(f->vars.size(), 2u);
  EXPECT_EQ(f->vars[0].name, "size");  // name order
  EXPECT_EQ(f->vars[0].default_value, "small");
  EXPECT_TRUE(f->vars[1].required);
  ASSERT_EQ(f->steps.size(), 3u);
  EXPECT_EQ(f->steps[2].needs, (std::vector<std::string>{"build", "design"}));
  EXPECT_EQ(f->steps[1].check, (std::vector<std::string>{"make", "{{what}}"}));
  ASSERT_TRUE(f->steps[2].gate);
  EXPECT_EQ(f->steps[2].gate->kind, "human");
  EXPECT_EQ(f->steps[1].line, 17);
}

TEST(FormulaTest, ErrorsNameFileLineAndField) {
  std::string head = "formula = \"t\"\nversion = 1\n";
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\ntitle = \"A\"\nneeds = [\"zz\"]\n"),
            "t.formula.toml:6: steps[0].needs: unknown step \"zz\"");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\ntitle = \"A\"\n[[steps]]\nid = \"a\"\n"
                           "title = \"B\"\n"),
            "t.formula.toml:7: steps[1].id: duplicate step id \"a\" (first at line 4)");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\ntitle = \"A\"\nneeds = [\"b\"]\n"
                           "[[steps]]\nid = \"b\"\ntitle = \"B\"\nneeds = [\"a\"]\n"),
            "t.formula.toml:6: steps[0].needs: cycle: a -> b -> a");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\ntitle = \"Do {{x}}\"\n"),
            "t.formula.toml:5: steps[0].title: undefined variable \"x\"");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\ntitle = \"A\"\ngate = { type = \"vote\" }\n"),
            "t.formula.toml:6: steps[0].gate.type: bad gate kind \"vote\" (expected human, "
            "timer, command or bead)");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\ntitle = \"A\"\ncheck = \"make test\"\n"),
            "t.formula.toml:6: steps[0].check: must be an argument vector, e.g. [\"make\", "
            "\"test\"]");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\n"),
            "t.formula.toml:3: steps[0].title: is required");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\ntitle = \"A\"\nloop = {}\n"),
            "t.formula.toml:6: steps[0].loop: not supported yet");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\nexpand = \"x\"\nchildren = [{id = \"b\", "
                           "title = \"B\"}]\n"),
            "t.formula.toml:5: steps[0].expand: a step cannot both expand and have children");
  EXPECT_EQ(ErrorOf(head + "[[steps]]\nid = \"a\"\ntitle = \"A\"\nneed = [\"a\"]\n").substr(0, 47),
            "t.formula.toml:6: steps[0].need: unknown field ");
  EXPECT_EQ(ErrorOf(head + "[vars.v]\nrequired = true\ndefault = \"x\"\n[[steps]]\nid = \"a\"\n"
                           "title = \"A\"\n"),
            "t.formula.toml:3: vars.v: required and default cannot both be set");
  EXPECT_EQ(ErrorOf("formula = \"t\"\nversion = 0\n"), "t.formula.toml:2: version: must be >= 1");
  EXPECT_EQ(
      ErrorOf("formula = \"other\"\nversion = 1\n"),
      "t.formula.toml:1: formula: name \"other\" does not match the file name t.formula.toml");
  EXPECT_EQ(ErrorOf("formula = \"t\"\nversion = 1\n[[steps]\n").substr(0, 17), "t.formula.toml:3:");
}

TEST(FormulaTest, CookResolvesAndChecksVariables) {
  auto f = ParseFormula(kGood, "ship.formula.toml");
  ASSERT_TRUE(f);
  auto cooked = CookFormula(*f, {{"what", "api"}});
  ASSERT_TRUE(cooked) << cooked.error().message;
  EXPECT_EQ(cooked->title, "ship (size=small, what=api)");
  EXPECT_EQ(cooked->steps[1].step.title, "Build api (small)");
  EXPECT_EQ(cooked->steps[1].step.check, (std::vector<std::string>{"make", "api"}));
  EXPECT_EQ(cooked->steps[2].number, 3);

  auto missing = CookFormula(*f, {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "ship.formula.toml:5: vars.what: required variable is missing");
  auto bad_enum = CookFormula(*f, {{"what", "api"}, {"size", "huge"}});
  ASSERT_FALSE(bad_enum);
  EXPECT_EQ(bad_enum.error().message,
            "ship.formula.toml:9: vars.size: \"huge\" is not one of: small, large");
  auto bad_pattern = CookFormula(*f, {{"what", "API!"}});
  ASSERT_FALSE(bad_pattern);
  EXPECT_EQ(bad_pattern.error().message,
            "ship.formula.toml:5: vars.what: \"API!\" does not match the pattern ^[a-z]+$");
  auto unknown = CookFormula(*f, {{"what", "api"}, {"colour", "red"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "--var colour: formula \"ship\" has no variable \"colour\"");
}

TEST(FormulaTest, CookIsDeterministic) {
  auto f = ParseFormula(kGood, "ship.formula.toml");
  ASSERT_TRUE(f);
  auto a = CookFormula(*f, {{"what", "x"}}), b = CookFormula(*f, {{"what", "x"}});
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->steps.size(), b->steps.size());
  for (size_t i = 0; i < a->steps.size(); ++i) {
    EXPECT_EQ(a->steps[i].step.title, b->steps[i].step.title);
    EXPECT_EQ(a->steps[i].step.needs, b->steps[i].step.needs);
  }
}

TEST(FormulaTest, ParseVarFlagsRefusesMissingEquals) {
  auto ok = ParseVarFlags({"a=1", "b=x=y"});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->at("b"), "x=y");
  EXPECT_FALSE(ParseVarFlags({"a"}));
}

TEST(FormulaTest, BuiltinFormulasAreValid) {
  auto entries = ListFormulaFiles(FormulaSearchPath(""));
  int builtins = 0;
  for (const FormulaEntry& e : entries) {
    if (e.source != "builtin") continue;
    ++builtins;
    auto f = LoadFormulaFile(e.path);
    EXPECT_TRUE(f) << f.error().message;
  }
  EXPECT_GE(builtins, 3);
}

class MoleculeTest : public testing::LedgerTest {};

TEST_F(MoleculeTest, PourWritesEpicStepsAndEdgesInOneWrite) {
  auto f = ParseFormula(kGood, "ship.formula.toml");
  ASSERT_TRUE(f);
  auto cooked = CookFormula(*f, {{"what", "api"}});
  ASSERT_TRUE(cooked);
  Ledger ledger = Open();
  auto poured = PourMolecule(ledger, *cooked, "");
  ASSERT_TRUE(poured) << poured.error().message;
  EXPECT_EQ(poured->created, 5);  // epic, three steps, one gate
  ASSERT_EQ(poured->id_mapping.size(), 3u);
  EXPECT_EQ(poured->id_mapping[1].second, poured->epic_id + ".2");

  auto state = LoadMolecule(ledger.db(), poured->epic_id);
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->formula, "ship");
  ASSERT_EQ(state->steps.size(), 3u);
  EXPECT_TRUE(state->steps[0].ready);
  EXPECT_FALSE(state->steps[1].ready);
  EXPECT_EQ(state->steps[1].blocked_by, (std::vector<std::string>{poured->epic_id + ".1"}));
  // The review waits for its gate (EPIC.4) as well as its steps.
  EXPECT_EQ(state->steps[2].blocked_by.size(), 3u);

  ASSERT_TRUE(CloseBead(ledger, poured->epic_id + ".1", "done", false));
  state = LoadMolecule(ledger.db(), poured->epic_id);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->closed, 1);
  EXPECT_TRUE(state->steps[1].ready);
}

TEST_F(MoleculeTest, PourWithAKeyIsIdempotent) {
  auto f = ParseFormula(kGood, "ship.formula.toml");
  auto cooked = CookFormula(*f, {{"what", "api"}});
  ASSERT_TRUE(cooked);
  Ledger ledger = Open();
  auto first = PourMolecule(ledger, *cooked, "k1");
  ASSERT_TRUE(first) << first.error().message;
  auto again = PourMolecule(ledger, *cooked, "k1");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->existing);
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->epic_id, first->epic_id);
  EXPECT_EQ(again->id_mapping, first->id_mapping);
  auto other = PourMolecule(ledger, *cooked, "k2");
  ASSERT_TRUE(other);
  EXPECT_NE(other->epic_id, first->epic_id);
}

}  // namespace
}  // namespace gt

namespace gt {
namespace {

constexpr const char* kWithChildren = R"toml(formula = "kids"
version = 1
[[steps]]
id = "a"
title = "A"
  [[steps.children]]
  id = "a1"
  title = "A1"
    [[steps.children.children]]
    id = "a1x"
    title = "A1x"
[[steps]]
id = "b"
title = "B"
needs = ["a"]
)toml";

TEST(FormulaTest, ChildrenAreFlattenedAfterTheirParent) {
  auto f = ParseFormula(kWithChildren, "kids.formula.toml");
  ASSERT_TRUE(f) << f.error().message;
  ASSERT_EQ(f->steps.size(), 4u);
  EXPECT_EQ(f->steps[1].id, "a1");
  EXPECT_EQ(f->steps[1].parent, "a");
  EXPECT_EQ(f->steps[2].parent, "a1");
  EXPECT_EQ(f->steps[3].parent, "");
  auto cooked = CookFormula(*f, {});
  ASSERT_TRUE(cooked);
  EXPECT_EQ(cooked->steps[0].step.type, "epic");  // a step with children
  EXPECT_EQ(cooked->steps[2].number, 1);          // a1x: first child of a1
  EXPECT_EQ(cooked->steps[3].number, 2);          // b: second top-level step
}

TEST(FormulaTest, ExpandReplacesTheStepAndRewiresNeeds) {
  auto workflow = ParseFormula(R"toml(formula = "w"
version = 1
[[steps]]
id = "start"
title = "Start"
[[steps]]
id = "check"
expand = "twice"
expand_vars = { what = "it" }
needs = ["start"]
[[steps]]
id = "end"
title = "End"
needs = ["check"]
)toml",
                               "w.formula.toml");
  ASSERT_TRUE(workflow) << workflow.error().message;
  auto expansion = ParseFormula(R"toml(formula = "twice"
type = "expansion"
version = 1
[vars.what]
required = true
[[template]]
id = "one"
title = "Look at {{what}}"
[[template]]
id = "two"
title = "Look at {{what}} again"
)toml",
                                "twice.formula.toml");
  ASSERT_TRUE(expansion) << expansion.error().message;
  int loads = 0;
  auto expanded = ExpandFormula(*workflow, [&](const std::string& name) -> Result<Formula> {
    ++loads;
    EXPECT_EQ(name, "twice");
    return *expansion;
  });
  ASSERT_TRUE(expanded) << expanded.error().message;
  EXPECT_EQ(loads, 1);
  ASSERT_EQ(expanded->steps.size(), 4u);
  EXPECT_EQ(expanded->steps[1].id, "check.one");
  EXPECT_EQ(expanded->steps[1].title, "Look at it");
  EXPECT_EQ(expanded->steps[1].needs, std::vector<std::string>{"start"});
  EXPECT_EQ(expanded->steps[2].needs, std::vector<std::string>{"start"});
  // Both template steps are last (nothing in the template needs them).
  EXPECT_EQ(expanded->steps[3].needs, (std::vector<std::string>{"check.one", "check.two"}));

  auto missing = ExpandFormula(*workflow, [](const std::string& name) -> Result<Formula> {
    return Fail(ErrorKind::kNotFound, "formula \"" + name + "\" not found");
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "w.formula.toml:8: steps[1].expand: formula \"twice\" not found");
}

}  // namespace
}  // namespace gt
