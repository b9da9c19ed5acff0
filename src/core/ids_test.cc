#include "core/ids.h"

#include <gtest/gtest.h>

#include "core/bead.h"
#include "core/clock.h"
#include "core/encoding.h"

namespace gt {

TEST(AdaptiveIdLength, FollowsBeadsThresholds) {
  EXPECT_EQ(AdaptiveIdLength(0), 3);
  EXPECT_EQ(AdaptiveIdLength(163), 3);
  EXPECT_EQ(AdaptiveIdLength(164), 4);
  EXPECT_EQ(AdaptiveIdLength(983), 4);
  EXPECT_EQ(AdaptiveIdLength(984), 5);
  EXPECT_EQ(AdaptiveIdLength(5898), 5);
  EXPECT_EQ(AdaptiveIdLength(35389), 6);
  EXPECT_EQ(AdaptiveIdLength(212339), 7);
  EXPECT_EQ(AdaptiveIdLength(10000000), 8);
}

TEST(HashId, IsDeterministicAndShaped) {
  std::string a = HashId("gt", "Title", "Desc", "alice", 1700000000000000000, 0, 4);
  EXPECT_EQ(a, HashId("gt", "Title", "Desc", "alice", 1700000000000000000, 0, 4));
  EXPECT_NE(a, HashId("gt", "Title", "Desc", "alice", 1700000000000000000, 1, 4));
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a.substr(0, 3), "gt-");
  for (char c : a.substr(3)) EXPECT_TRUE(isdigit(c) || (c >= 'a' && c <= 'z')) << a;
}

TEST(Base36, PadsAndTruncates) {
  unsigned char zero[2] = {0, 0};
  EXPECT_EQ(Base36(zero, 2, 3), "000");
  unsigned char v[2] = {0x01, 0x00};  // 256 = "74" in base 36
  EXPECT_EQ(Base36(v, 2, 3), "074");
  EXPECT_EQ(Base36(v, 2, 1), "4");
}

TEST(ParentOfChildId, SplitsOnTheLastDotAfterThePrefix) {
  EXPECT_EQ(ParentOfChildId("gt-a3f.2"), "gt-a3f");
  EXPECT_EQ(ParentOfChildId("gt-a3f.2.1"), "gt-a3f.2");
  EXPECT_EQ(ParentOfChildId("gt-a3f"), "");
  EXPECT_EQ(ParentOfChildId("my.proj-a3f"), "");
}

TEST(NormalizePrefix, BeadsRules) {
  EXPECT_EQ(*NormalizePrefix(".My.Proj-"), "My_Proj");
  EXPECT_FALSE(NormalizePrefix("---"));
  EXPECT_FALSE(NormalizePrefix("a b"));
}

TEST(ParsePriority, AcceptsDigitsAndPForms) {
  EXPECT_EQ(*ParsePriority("0"), 0);
  EXPECT_EQ(*ParsePriority("P3"), 3);
  EXPECT_EQ(*ParsePriority("p4"), 4);
  EXPECT_FALSE(ParsePriority("5"));
  EXPECT_FALSE(ParsePriority("high"));
  EXPECT_NE(ParsePriority("high").error().message.find("P0-P4"), std::string::npos);
}

TEST(NormalizeIssueType, AliasesAndErrors) {
  EXPECT_EQ(*NormalizeIssueType("feat"), "feature");
  EXPECT_EQ(*NormalizeIssueType("bug"), "bug");
  EXPECT_EQ(NormalizeIssueType("bogus").error().message, "invalid issue type: bogus");
}

TEST(Timestamps, RoundTripAndOffsets) {
  auto t = ParseTimestamp("2026-11-25T10:00:00.123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatTimestamp(*t), "2026-11-25T10:00:00.123Z");
  auto offset = ParseTimestamp("2025-11-02T21:58:07.295058-08:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(FormatTimestamp(*offset), "2025-11-03T05:58:07.295Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2026-01-15")), "2026-01-15T00:00:00.000Z");
  EXPECT_FALSE(ParseTimestamp("yesterday"));
  EXPECT_FALSE(ParseTimestamp("2026-11-25T10:00:00"));  // no zone
  auto later = ParseWhen("+2d", *t);
  ASSERT_TRUE(later);
  EXPECT_EQ(FormatTimestamp(*later), "2026-11-27T10:00:00.123Z");
  EXPECT_FALSE(ParseWhen("+2x", *t));
}

TEST(FileSafeName, EscapesEverythingOdd) {
  EXPECT_EQ(FileSafeName("alice"), "alice");
  EXPECT_EQ(FileSafeName("entity://local/acme/bob"), "entity%3A%2F%2Flocal%2Facme%2Fbob");
  EXPECT_EQ(FileSafeName(".hidden"), "%2Ehidden");
}

}  // namespace gt
