// gt: the town. For now it only explains itself; see docs/ and the issues.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{
      "gt - Gas Town: a work execution engine on the bd ledger\n\n"
      "Rigs (projects), workers with signed identities, sling/hook/done, mail,\n"
      "convoys, a refinery that gates main, and a daemon that keeps work\n"
      "flowing. These commands are being built; today use `bd` for the ledger.",
      "gt"};
  app.footer("See docs/ for the design and `bd --help` for the ledger.");
  CLI11_PARSE(app, argc, argv);
  std::cout << app.help();
  return 0;
}
