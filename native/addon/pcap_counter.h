// The counting half of `swdebug stats` for classic pcap, in C++: the loop that the
// TypeScript fast path (extension/cli/statsScan.ts) runs, for captures of hundreds of MB
// where Node's per-packet cost was most of the run. No Node here; pcap_counter_napi.cc
// is the binding.
//
// It is a port, not a second definition: every rule mirrors one in TypeScript and the unit
// tests hold the two to the same results on real captures and thousands of mutated ones
// (test/unit/cli/stats.test.ts):
//   SummarizePlainIpv4   <- summarizePlainIpv4 in extension/capture/decode/summary.ts
//   FlowCounter          <- FlowTable.observe in extension/capture/flows.ts
//   StatsCounter         <- CaptureStats.add in extension/capture/captureStats.ts
// Packets the plain-IPv4 path does not take (SYNs, IPv6, ICMP, options, fragments, anything
// odd) are not decoded here at all: the caller decodes them with the TypeScript decoder
// and hands their summaries back (see PcapCounter::Count), so the general decoder stays in
// one language.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

namespace swdebug {

// PacketSummary's fields that the flow table and the statistics read.
struct PacketFacts {
  int family = 0;  // 0 (not IP), 4 or 6
  int ipProtocol = -1;
  int etherType = -1;
  uint32_t addr[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // source words 0-3, destination words 4-7
  int sport = -1;
  int dport = -1;
  int tcpFlags = 0;
  uint32_t seq = 0;
  uint32_t ack = 0;
  int tcpWscale = -1;
  bool fragment = false;
  bool malformed = false;
};

// The plain-IPv4 fast path of summarize(): true and `out` filled for an IPv4 header without
// options or fragmentation carrying a sane non-SYN TCP header or a sane UDP header.
bool SummarizePlainIpv4(const uint8_t* b, size_t ip, size_t end, PacketFacts& out);

// FlowTable's columns, in the same layout (flows.ts documents the key and state bits).
class FlowCounter {
 public:
  static constexpr int kKeyWords = 10;
  FlowCounter();
  void Observe(const PacketFacts& s, double time, uint32_t wireLen);
  size_t count() const { return n_; }
  const std::vector<uint32_t>& keys() const { return keys_; }
  const std::vector<uint32_t>& packets() const { return packets_; }
  const std::vector<double>& bytes() const { return bytes_; }
  const std::vector<double>& first() const { return first_; }
  const std::vector<double>& last() const { return last_; }
  const std::vector<uint16_t>& state() const { return state_; }
  const std::vector<uint32_t>& bases() const { return bases_; }
  const std::vector<int8_t>& wscale() const { return wscale_; }

 private:
  int MakeKey(const PacketFacts& s, uint32_t* k) const;
  size_t FindOrAdd(const uint32_t* k, double time, int dir, bool hasPorts);
  void ObserveTcp(size_t id, int dir, const PacketFacts& s);
  void NoteWindowScale(size_t fwd, size_t rev, int shift, bool synAck);
  void Rehash();

  size_t n_ = 0;
  std::vector<uint32_t> keys_;
  std::vector<uint32_t> packets_;
  std::vector<double> bytes_;
  std::vector<double> first_;
  std::vector<double> last_;
  std::vector<uint16_t> state_;
  std::vector<uint32_t> bases_;
  std::vector<int8_t> wscale_;
  // Open addressing: flow id + 1, 0 = empty; kept at most half full.
  std::vector<uint32_t> slots_;
  // The flows of the latest packets, most recent first.
  size_t recent_[2] = {SIZE_MAX, SIZE_MAX};
};

// CaptureStats's counters.
struct StatsCounter {
  double packets = 0;
  double bytes = 0;
  double capturedBytes = 0;
  bool any = false;
  uint64_t firstSec = 0, firstNsec = 0, lastSec = 0, lastNsec = 0;
  double malformed = 0;
  double fragments = 0;
  double perIpProtocol[256] = {};
  // Non-IP packets per ethertype; -1 is "unknown" (CaptureStats.add's rule).
  std::map<int, double> other;

  void Add(const PacketFacts& s, uint32_t linkType, uint64_t sec, uint64_t nsec, uint32_t capLen, uint32_t origLen);
};

// One classic pcap's records, counted chunk by chunk.
class PcapCounter {
 public:
  // Ints per record the caller has to decode: the request, then the summary it writes back.
  //   [0] data start, [1] data end, [2] original length (request)
  //   [3] family, [4] ipProtocol, [5] etherType, [6..13] addr, [14] sport, [15] dport,
  //   [16] tcpFlags, [17] seq, [18] ack, [19] tcpWscale, [20] bit 0 fragment, bit 1 malformed
  static constexpr size_t kSlotInts = 21;

  PcapCounter(uint32_t linkType, bool littleEndian, bool nanosecond, uint32_t maxCapLen)
      : linkType_(linkType), le_(littleEndian), fracToNs_(nanosecond ? 1 : 1000), maxCapLen_(maxCapLen) {}

  // Walks the complete records in b[p, end). Packets the fast path takes are counted at once
  // until the first one it does not take; from there on records wait, and those needing the
  // TypeScript decoder are listed in `slots` (slots[0] = how many, then kSlotInts each)
  // until `slotCount` are. Returns where it stopped (a record boundary), or -1 for a record
  // longer than the snap length allows. With slots[0] > 0 the caller fills them in and calls
  // Commit before the next Count.
  int64_t Count(const uint8_t* b, size_t p, size_t end, int32_t* slots, size_t slotCount);
  // Counts the waiting records, in file order, with the summaries written into `slots`.
  void Commit(const int32_t* slots);
  // Records waiting for Commit, and how many of them are listed in the slots.
  bool waiting() const { return !waiting_.empty(); }
  size_t listed() const { return listed_; }

  const FlowCounter& flows() const { return flows_; }
  const StatsCounter& stats() const { return stats_; }

 private:
  struct Waiting {
    uint64_t sec;
    uint64_t nsec;
    uint32_t capLen;
    uint32_t origLen;
    int32_t slot;  // -1: `facts` came from the fast path
    PacketFacts facts;
  };
  void CountOne(const PacketFacts& s, uint64_t sec, uint64_t nsec, uint32_t capLen, uint32_t origLen);
  uint32_t U32(const uint8_t* b, size_t at) const {
    uint32_t v;
    std::memcpy(&v, b + at, sizeof v);
    return le_ ? v : __builtin_bswap32(v);
  }

  uint32_t linkType_;
  bool le_;
  uint64_t fracToNs_;
  uint32_t maxCapLen_;
  FlowCounter flows_;
  StatsCounter stats_;
  std::vector<Waiting> waiting_;
  size_t listed_ = 0;
};

}  // namespace swdebug
