// Services on a real town with real processes; time is simulated (now_ns),
// so back-off is tested without sleeping through it.
#include "daemon/services.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "daemon/config.h"
#include "ledger/ops.h"
#include "ledger/queries.h"
#include "runtime/script_runtime.h"
#include "testing/temp_dir.h"
#include "testing/test_town.h"

namespace gt::daemon {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::UseTestGitIdentity();
    auto town = town::InitTown(dir_ / "town", {"hq-town", "acme", "local", "hq"});
    ASSERT_TRUE(town) << town.error().message;
    town_ = *town;
  }
  void TearDown() override { (void)ServiceSupervisor().StopAll(town_); }

  static bool Alive(int pid) { return pid > 0 && runtime::ProcessStartTicks(pid) != 0; }
  static void WaitDead(int pid) {
    for (int i = 0; i < 100 && Alive(pid); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_FALSE(Alive(pid)) << pid;
  }
  /// kill -9 of the service's whole process group.
  static void Kill(int pid) {
    pid_t group = getpgid(pid);
    if (group > 0) kill(-group, SIGKILL);
    kill(pid, SIGKILL);
    WaitDead(pid);
  }
  static ServiceState StateOf(const ServiceSupervisor& s, const std::string& name) {
    for (const ServiceState& st : s.States())
      if (st.name == name) return st;
    ADD_FAILURE() << "no state for " << name;
    return {};
  }
  Bead LoadServiceBead(const std::string& id) {
    auto hq = town::OpenLedgerAs(town_, town_.BeadsDir(), town::kAdminActor);
    EXPECT_TRUE(hq);
    auto bead = LoadBead(hq->db(), id);
    EXPECT_TRUE(bead);
    return *bead;
  }
  ServiceSpec Add(const std::string& name, const std::vector<std::string>& command) {
    auto spec = AddService(town_, name, command, "");
    EXPECT_TRUE(spec) << spec.error().message;
    return *spec;
  }

  testing::TempDir dir_;
  town::Town town_;
};

TEST_F(ServiceTest, AddFilesAPinnedBeadAndListReadsItBack) {
  ServiceSpec spec = Add("web", {"python3", "-m", "http.server", "--bind", "127.0.0.1"});
  Bead bead = LoadServiceBead(spec.id);
  EXPECT_EQ(bead.title, "Service: web");
  EXPECT_EQ(bead.status, "pinned");
  EXPECT_EQ(bead.labels, std::vector<std::string>{kServiceLabel});
  EXPECT_NE(bead.description.find("run: [\"python3\",\"-m\""), std::string::npos);
  auto all = ListServices(town_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].id, spec.id);
  EXPECT_EQ((*all)[0].name, "web");
  EXPECT_EQ((*all)[0].command, spec.command);
  EXPECT_EQ((*all)[0].cwd, town_.root);
}

TEST_F(ServiceTest, BadInputIsRefused) {
  auto empty = AddService(town_, "web", {}, "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalidArgument);
  auto bad = AddService(town_, "Bad Name", {"sleep", "1"}, "");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("invalid service name"), std::string::npos);
  auto nodir = AddService(town_, "web", {"sleep", "1"}, dir_ / "nowhere");
  ASSERT_FALSE(nodir);
  EXPECT_EQ(nodir.error().kind, ErrorKind::kInvalidArgument);
  Add("web", {"sleep", "1"});
  auto twice = AddService(town_, "web", {"sleep", "2"}, "");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(ListServices(town_)->size(), 1u);
  auto unknown = RemoveService(town_, "nope");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
}

TEST_F(ServiceTest, RestartsADeadServiceWithBackoffAndANewSupervisorAdoptsIt) {
  ServiceSpec spec = Add("sleeper", {"sleep", "30"});
  ServiceSupervisor sup;
  std::vector<town::FeedEvent> events;
  sup.Tick(town_, 0, events);
  ServiceState st = StateOf(sup, "sleeper");
  ASSERT_TRUE(st.running);
  EXPECT_TRUE(Alive(st.pid));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "service-start");
  EXPECT_EQ(events[0].bead, spec.id);
  auto record = LoadServiceRecord(town_, "sleeper");
  ASSERT_TRUE(record && *record);
  EXPECT_EQ((*record)->session.pid, st.pid);
  EXPECT_EQ(st.log_path, town_.LogDir() + "/service-sleeper.log");

  // Killed: nothing before its second of back-off, a restart after it.
  Kill(st.pid);
  events.clear();
  sup.Tick(town_, kSecond / 2, events);
  st = StateOf(sup, "sleeper");
  EXPECT_FALSE(st.running);
  EXPECT_EQ(st.backoff_ns, kSecond);
  EXPECT_EQ(st.next_start_ns, kSecond / 2 + kSecond);
  sup.Tick(town_, kSecond / 2 + kSecond - 1, events);
  EXPECT_FALSE(StateOf(sup, "sleeper").running);
  EXPECT_TRUE(events.empty());
  sup.Tick(town_, kSecond / 2 + kSecond, events);
  st = StateOf(sup, "sleeper");
  ASSERT_TRUE(st.running);
  EXPECT_TRUE(Alive(st.pid));
  EXPECT_EQ(st.restarts, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "service-restart");
  EXPECT_NE(events[0].text.find("killed"), std::string::npos) << events[0].text;
  EXPECT_EQ(LoadServiceBead(spec.id).comment_count, 1);
  EXPECT_EQ(LoadServiceBead(spec.id).status, "pinned");

  // A second quick death doubles the back-off.
  Kill(st.pid);
  sup.Tick(town_, 2 * kSecond, events);
  EXPECT_EQ(StateOf(sup, "sleeper").backoff_ns, 2 * kSecond);
  sup.Tick(town_, 4 * kSecond - 1, events);
  EXPECT_FALSE(StateOf(sup, "sleeper").running);
  sup.Tick(town_, 4 * kSecond, events);
  st = StateOf(sup, "sleeper");
  ASSERT_TRUE(st.running);
  EXPECT_EQ(st.restarts, 2);
  EXPECT_EQ(LoadServiceBead(spec.id).comment_count, 2);

  // A run of 60 s starts the back-off over.
  sup.Tick(town_, 65 * kSecond, events);
  ASSERT_TRUE(StateOf(sup, "sleeper").running);
  Kill(st.pid);
  sup.Tick(town_, 66 * kSecond, events);
  EXPECT_EQ(StateOf(sup, "sleeper").backoff_ns, kSecond);
  sup.Tick(town_, 67 * kSecond, events);
  st = StateOf(sup, "sleeper");
  ASSERT_TRUE(st.running);
  EXPECT_EQ(st.restarts, 3);

  // The daemon killed -9 and started again: the process is adopted.
  ServiceSupervisor fresh;
  events.clear();
  fresh.Tick(town_, 5 * kSecond, events);
  EXPECT_TRUE(events.empty());
  ServiceState adopted = StateOf(fresh, "sleeper");
  EXPECT_TRUE(adopted.running);
  EXPECT_EQ(adopted.pid, st.pid);
  EXPECT_EQ(adopted.restarts, 3);

  // Removed: stopped, its bead closed; no supervisor starts it again.
  ASSERT_TRUE(RemoveService(town_, "sleeper"));
  EXPECT_FALSE(Alive(st.pid));
  Bead closed = LoadServiceBead(spec.id);
  EXPECT_EQ(closed.status, "closed");
  EXPECT_EQ(closed.close_reason, "removed");
  EXPECT_TRUE(ListServices(town_)->empty());
  fresh.Tick(town_, 6 * kSecond, events);
  ServiceSupervisor third;
  third.Tick(town_, 0, events);
  EXPECT_TRUE(fresh.States().empty());
  EXPECT_TRUE(third.States().empty());
}

TEST_F(ServiceTest, ACrashLoopIsRestartedAfter1248Seconds) {
  Add("crash", {"false"});
  ServiceSupervisor sup;
  std::vector<town::FeedEvent> events;
  std::vector<int64_t> restarts;
  int64_t died_at = 0;
  std::vector<int64_t> delays;
  for (int64_t t = 0; t <= 20 * kSecond; t += kSecond / 10) {
    // Let the real process finish before the next simulated tick.
    for (const ServiceState& st : sup.States())
      if (st.running) WaitDead(st.pid);
    bool was_running = !sup.States().empty() && sup.States()[0].running;
    events.clear();
    sup.Tick(town_, t, events);
    ServiceState st = StateOf(sup, "crash");
    if (was_running && !st.running) died_at = t;
    for (const auto& e : events)
      if (e.kind == "service-restart") {
        delays.push_back(t - died_at);
        EXPECT_NE(e.text.find("exit code 1"), std::string::npos) << e.text;
      }
  }
  EXPECT_EQ(delays, (std::vector<int64_t>{kSecond, 2 * kSecond, 4 * kSecond, 8 * kSecond}));
  EXPECT_EQ(StateOf(sup, "crash").restarts, 4);
}

TEST_F(ServiceTest, ACommandThatCannotStartBacksOffLikeACrash) {
  ServiceSpec spec = Add("ghost", {"/nonexistent/serve"});
  ServiceSupervisor sup;
  std::vector<town::FeedEvent> events;
  sup.Tick(town_, 0, events);
  ServiceState st = StateOf(sup, "ghost");
  EXPECT_FALSE(st.running);
  EXPECT_EQ(st.backoff_ns, kSecond);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].text.find("cannot start"), std::string::npos) << events[0].text;
  sup.Tick(town_, kSecond, events);
  st = StateOf(sup, "ghost");
  EXPECT_FALSE(st.running);
  EXPECT_EQ(st.restarts, 1);
  EXPECT_EQ(st.backoff_ns, 2 * kSecond);
  EXPECT_EQ(st.next_start_ns, 3 * kSecond);
  EXPECT_EQ(LoadServiceBead(spec.id).comment_count, 1);
  EXPECT_FALSE(LoadServiceRecord(town_, "ghost").value().has_value());
}

TEST_F(ServiceTest, AClosedBeadStopsItsServiceAndStopAllStopsEveryOne) {
  ServiceSpec a = Add("alpha", {"sleep", "30"});
  Add("beta", {"sleep", "30"});
  ServiceSupervisor sup;
  std::vector<town::FeedEvent> events;
  sup.Tick(town_, 0, events);
  ASSERT_EQ(sup.States().size(), 2u);
  int alpha = StateOf(sup, "alpha").pid, beta = StateOf(sup, "beta").pid;
  EXPECT_TRUE(Alive(alpha) && Alive(beta));

  {
    auto hq = town::OpenLedgerAs(town_, town_.BeadsDir(), town::kAdminActor);
    ASSERT_TRUE(hq);
    ASSERT_TRUE(CloseBead(*hq, a.id, "not needed", true));
  }
  events.clear();
  sup.Tick(town_, kSecond, events);
  EXPECT_FALSE(Alive(alpha));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "service-stop");
  EXPECT_EQ(sup.States().size(), 1u);

  // gt down: a supervisor of its own, reading run/.
  ASSERT_TRUE(ServiceSupervisor().StopAll(town_));
  EXPECT_FALSE(Alive(beta));
}

TEST_F(ServiceTest, TheServiceGetsItsEnvironmentAndDirectory) {
  std::string work = dir_ / "work";
  std::filesystem::create_directories(work);
  ASSERT_TRUE(AddService(town_, "env", {"sh", "-c", "echo $GT_SERVICE $GT_TOWN; pwd"}, work));
  ServiceSupervisor sup;
  std::vector<town::FeedEvent> events;
  sup.Tick(town_, 0, events);
  WaitDead(StateOf(sup, "env").pid);
  std::ifstream log(town_.LogDir() + "/service-env.log");
  std::string line1, line2;
  std::getline(log, line1);
  std::getline(log, line2);
  EXPECT_EQ(line1, "env " + town_.root);
  EXPECT_EQ(line2, work);
  std::ifstream exit_file(town_.RunDir() + "/service-env.exit");
  int code = -1;
  exit_file >> code;
  EXPECT_EQ(code, 0);
}

}  // namespace
}  // namespace gt::daemon
