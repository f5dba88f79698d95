// test_mirror.cpp — a USB stick is an untrusted mirror (issue #5, DESIGN §5): symlinks, FIFOs,
// huge and zero-length files in place of signed targets are refused by DirMirror's safe open
// (O_NOFOLLOW at every component, regular files only, read at most the signed length), and the
// Updater fails closed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include "test_repo.h"
#include "tuf/updater.h"

namespace gongkai::tuf {
namespace {

using namespace testing;

const std::string kPath = "county/" + kCountyA + "/notice-1.zst";

class StickTest : public ::testing::Test {
 protected:
  TempDir tmp;
  TestRepo repo{tmp.path() + "/stick/gongkai-update/" + kCountyA};
  std::string file;  // where the signed target lives on the stick

  void SetUp() override {
    repo.add_target(kPath, "the real notice");
    repo.publish();
    const std::string& b = repo.content.at(kPath);
    file = repo.dir + "/targets/" + consistent_target_path(kPath, sha256_hex(b.data(), b.size()));
  }

  // Verifies metadata, then reads the target: returns the read's result.
  Result<std::string> read_target() {
    auto u = Updater::open(repo.root_files[0], "", kNow);
    EXPECT_TRUE(u.ok());
    auto m = repo.mirror();
    auto s = (*u)->refresh(*m);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return (*u)->read_target(*m, kPath);
  }
};

TEST_F(StickTest, ReadsTheSignedTarget) {
  auto r = read_target();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "the real notice");
}

TEST_F(StickTest, RefusesSymlinkEvenToTheRightBytes) {
  std::string elsewhere = tmp.path() + "/copy";
  write_file(elsewhere, repo.content.at(kPath));
  ::unlink(file.c_str());
  ASSERT_EQ(::symlink(elsewhere.c_str(), file.c_str()), 0);
  auto r = read_target();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "mirror.not_regular");
}

TEST_F(StickTest, RefusesSymlinkedDirectoryOnThePath) {
  std::string real = tmp.path() + "/elsewhere";
  std::filesystem::rename(repo.dir + "/targets", real);
  ASSERT_EQ(::symlink(real.c_str(), (repo.dir + "/targets").c_str()), 0);
  auto r = read_target();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "mirror.not_regular");
}

TEST_F(StickTest, RefusesFifoWithoutBlocking) {
  ::unlink(file.c_str());
  ASSERT_EQ(::mkfifo(file.c_str(), 0644), 0);
  auto t0 = std::chrono::steady_clock::now();
  auto r = read_target();  // a blocking open of a FIFO would hang here forever
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "mirror.not_regular");
}

TEST_F(StickTest, ReadsAtMostTheSignedLengthOfAHugeFile) {
  // An 8 GiB sparse file: the read stops one byte past the signed length.
  ASSERT_EQ(::truncate(file.c_str(), 8LL << 30), 0);
  auto t0 = std::chrono::steady_clock::now();
  auto r = read_target();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "tuf.length_mismatch");
}

TEST_F(StickTest, RefusesZeroLengthFile) {
  ASSERT_EQ(::truncate(file.c_str(), 0), 0);
  auto r = read_target();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "tuf.length_mismatch");
}

TEST_F(StickTest, RefusesSymlinkedMetadata) {
  std::string ts = repo.meta_path("timestamp.json");
  std::string elsewhere = tmp.path() + "/ts.json";
  std::filesystem::rename(ts, elsewhere);
  ASSERT_EQ(::symlink(elsewhere.c_str(), ts.c_str()), 0);
  auto u = Updater::open(repo.root_files[0], "", kNow);
  ASSERT_TRUE(u.ok());
  auto m = repo.mirror();
  auto s = (*u)->refresh(*m);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "mirror.not_regular");
}

TEST_F(StickTest, MirrorRefusesPathTricks) {
  auto m = repo.mirror();
  EXPECT_EQ(m->read_metadata("../x.json", 100).error().code, "mirror.unsafe_path");
  TargetFile info{1, std::string(64, '0'), Json()};
  EXPECT_EQ(m->read_target("county/../../etc/passwd", info).error().code, "mirror.unsafe_path");
  EXPECT_EQ(m->read_metadata("99.root.json", 100).error().code, "mirror.not_found");
}

}  // namespace
}  // namespace gongkai::tuf
