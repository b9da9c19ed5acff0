#include "ledger/decode_pipeline.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace gt {
namespace {

constexpr size_t kBatch = 512;         // events per hand-over
constexpr size_t kMaxQueued = 16;      // batches decoded ahead, at most
constexpr size_t kThreadAbove = 4096;  // below this, a thread costs more than it saves

Status Sequential(const std::vector<std::string_view>& lines,
                  const std::function<Status(size_t, const Event&)>& apply) {
  for (size_t i = 0; i < lines.size(); ++i) {
    auto event = DecodeProvenEvent(lines[i]);
    if (!event) return tl::unexpected(event.error());
    if (auto st = apply(i, *event); !st) return st;
  }
  return {};
}

}  // namespace

Status ForEachDecoded(const std::vector<std::string_view>& lines,
                      const std::function<Status(size_t, const Event&)>& apply) {
  if (lines.size() < kThreadAbove) return Sequential(lines, apply);

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::vector<Result<Event>>> queue;
  bool stop = false;
  std::thread decoder([&] {
    for (size_t start = 0; start < lines.size(); start += kBatch) {
      std::vector<Result<Event>> batch;
      for (size_t i = start; i < std::min(lines.size(), start + kBatch); ++i)
        batch.push_back(DecodeProvenEvent(lines[i]));
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return stop || queue.size() < kMaxQueued; });
      if (stop) return;
      queue.push_back(std::move(batch));
      changed.notify_all();
    }
  });

  Status result;
  for (size_t done = 0; done < lines.size() && result;) {
    std::vector<Result<Event>> batch;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return !queue.empty(); });
      batch = std::move(queue.front());
      queue.pop_front();
      changed.notify_all();
    }
    for (auto& event : batch) {
      if (!event) result = tl::unexpected(event.error());
      if (result) result = apply(done, *event);
      if (!result) break;
      ++done;
    }
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
    changed.notify_all();
  }
  decoder.join();
  return result;
}

}  // namespace gt
