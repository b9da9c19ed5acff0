#include "ledger/event.h"

#include <gtest/gtest.h>

#include "ledger/keys.h"
#include "testing/temp_dir.h"

namespace gt {
namespace {

Event Sample() {
  Event e;
  e.op = "bead.create";
  e.bead = "gt-a3f";
  e.actor = "alice";
  e.lc = 7;
  e.seq = 1;
  e.ts = "2026-11-25T10:00:00.000Z";
  e.data = {{"title", "Fix ünïcode"}, {"priority", 1}};
  return e;
}

}  // namespace

TEST(Event, EncodeDecodeRoundTripAndVerify) {
  testing::TempDir dir;
  auto key = LoadOrCreateKey(dir.path(), "alice");
  ASSERT_TRUE(key);
  Event e = Sample();
  e.key = PublicKeyText(key->public_key);
  std::string line = EncodeEvent(e, *key);
  // Canonical: sorted keys, no spaces, id and sig last.
  EXPECT_EQ(line.rfind("{\"actor\":\"alice\",\"bead\":\"gt-a3f\",\"data\":{\"priority\":1,", 0), 0u)
      << line;
  EXPECT_NE(line.find(",\"id\":\"" + e.id + "\",\"sig\":\""), std::string::npos);
  auto decoded = DecodeEvent(line);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->id, e.id);
  EXPECT_EQ(decoded->data["title"], "Fix ünïcode");
  EXPECT_TRUE(VerifyEventSignature(*decoded));
}

TEST(Event, AnyChangedByteIsDetected) {
  testing::TempDir dir;
  auto key = LoadOrCreateKey(dir.path(), "alice");
  Event e = Sample();
  e.key = PublicKeyText(key->public_key);
  std::string line = EncodeEvent(e, *key);
  for (size_t i = 0; i < line.size(); ++i) {
    std::string bad = line;
    bad[i] = bad[i] == 'a' ? 'b' : 'a';
    auto decoded = DecodeEvent(bad);
    bool rejected = !decoded || !VerifyEventSignature(*decoded);
    EXPECT_TRUE(rejected) << "byte " << i << " changed went unnoticed";
  }
}

TEST(Event, SignatureByAnotherKeyFails) {
  testing::TempDir dir;
  auto alice = LoadOrCreateKey(dir.path(), "alice");
  auto mallory = LoadOrCreateKey(dir.path(), "mallory");
  Event e = Sample();
  e.key = PublicKeyText(alice->public_key);  // claims to be alice
  std::string line = EncodeEvent(e, *mallory);
  auto decoded = DecodeEvent(line);
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(VerifyEventSignature(*decoded));
}

TEST(Keys, CreatedOnceWithPrivateMode) {
  testing::TempDir dir;
  auto first = LoadOrCreateKey(dir.path(), "entity://local/acme/bob");
  auto second = LoadOrCreateKey(dir.path(), "entity://local/acme/bob");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->public_key, second->public_key);
  struct stat st;
  ASSERT_EQ(stat((dir.path() + "/entity%3A%2F%2Flocal%2Facme%2Fbob.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(KeyId(first->public_key).size(), 16u);
}

}  // namespace gt
