// See pcap_counter.h: each function names the TypeScript it mirrors; keep them in step.
#include "pcap_counter.h"

#include <algorithm>
#include <cstring>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "Be32 and PcapCounter::U32 assume a little-endian host");

namespace swdebug {
namespace {

constexpr int kTcpFin = 0x01;
constexpr int kTcpSyn = 0x02;
constexpr int kTcpRst = 0x04;
constexpr int kTcpAck = 0x10;

constexpr uint32_t kLinkNull = 0;
constexpr uint32_t kLinkEthernet = 1;
constexpr uint32_t kLinkRaw = 101;
constexpr uint32_t kLinkLoop = 108;
constexpr uint32_t kLinkIpv4 = 228;

// flows.ts's state bits.
constexpr uint16_t kSynA = 1 << 0;
constexpr uint16_t kSynB = 1 << 1;
constexpr uint16_t kSynAckA = 1 << 2;
constexpr uint16_t kSynAckB = 1 << 3;
constexpr uint16_t kFinA = 1 << 4;
constexpr uint16_t kFinB = 1 << 5;
constexpr uint16_t kRst = 1 << 6;
constexpr uint16_t kEstablished = 1 << 7;
constexpr uint16_t kBaseA = 1 << 8;
constexpr uint16_t kBaseB = 1 << 9;
constexpr uint16_t kClientB = 1 << 10;
constexpr uint16_t kHasPorts = 1 << 11;

constexpr size_t kInitialFlows = 64;
constexpr size_t kRecordHeader = 16;

uint32_t Be32(const uint8_t* b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b + at, sizeof v);
  return __builtin_bswap32(v);
}

uint32_t HashKey(const uint32_t* k) {
  uint32_t h = 0x811c9dc5u;
  for (int i = 0; i < FlowCounter::kKeyWords; i++) h = (h ^ k[i]) * 0x01000193u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

// FlowTable's matchTuple: whether packet `s` belongs to the flow keyed `k`: 0 when its source
// is side A, 1 when it is side B, -1 when it is another flow (MakeKey plus a comparison).
int MatchTuple(const uint32_t* k, const PacketFacts& s) {
  if (k[0] != ((uint32_t(s.family) << 8) | uint32_t(s.ipProtocol & 0xff))) return -1;
  const uint32_t* a = s.addr;
  const uint32_t sp = s.sport >= 0 ? uint32_t(s.sport) : 0;
  const uint32_t dp = s.dport >= 0 ? uint32_t(s.dport) : 0;
  if (k[9] == ((sp << 16) | dp) && a[0] == k[1] && a[4] == k[5] && a[1] == k[2] && a[2] == k[3] && a[3] == k[4] && a[5] == k[6] &&
      a[6] == k[7] && a[7] == k[8]) {
    return 0;
  }
  if (k[9] == ((dp << 16) | sp) && a[0] == k[5] && a[4] == k[1] && a[1] == k[6] && a[2] == k[7] && a[3] == k[8] && a[5] == k[2] &&
      a[6] == k[3] && a[7] == k[4]) {
    return 1;
  }
  return -1;
}

}  // namespace

bool SummarizePlainIpv4(const uint8_t* b, size_t ip, size_t end, PacketFacts& out) {
  if (ip > end || end - ip < 28 || b[ip] != 0x45) return false;
  const size_t avail = end - ip;
  const size_t total = (size_t(b[ip + 2]) << 8) | b[ip + 3];
  // Beyond the capture means truncated or clamped; fragments carry partial transport data.
  if (total < 28 || total > avail || (b[ip + 6] & 0x3f) != 0 || b[ip + 7] != 0) return false;
  const int protocol = b[ip + 9];
  const size_t ps = ip + 20;
  const size_t claimed = total - 20;
  if (protocol == 6) {
    if (claimed < 20) return false;
    const size_t hl = size_t(b[ps + 12] >> 4) * 4;
    const int flags = b[ps + 13];
    if (hl < 20 || hl > claimed || (flags & kTcpSyn) != 0) return false;
    out.tcpFlags = flags;
    out.seq = Be32(b, ps + 4);
    out.ack = Be32(b, ps + 8);
  } else if (protocol == 17) {
    const size_t ulen = (size_t(b[ps + 4]) << 8) | b[ps + 5];
    if (claimed < 8 || ulen < 8 || ulen > claimed) return false;
    out.tcpFlags = 0;
    out.seq = 0;
    out.ack = 0;
  } else {
    return false;
  }
  out.family = 4;
  out.ipProtocol = protocol;
  out.etherType = 0x0800;
  out.sport = (b[ps] << 8) | b[ps + 1];
  out.dport = (b[ps + 2] << 8) | b[ps + 3];
  out.tcpWscale = -1;
  out.fragment = false;
  out.malformed = false;
  out.addr[0] = Be32(b, ip + 12);
  out.addr[1] = out.addr[2] = out.addr[3] = 0;
  out.addr[4] = Be32(b, ip + 16);
  out.addr[5] = out.addr[6] = out.addr[7] = 0;
  return true;
}

FlowCounter::FlowCounter() : slots_(kInitialFlows * 2, 0) {}

// FlowTable.makeKey: the canonical key (side A = the smaller endpoint); 0 when the source is A.
int FlowCounter::MakeKey(const PacketFacts& s, uint32_t* k) const {
  const uint32_t* a = s.addr;
  const int sp = s.sport >= 0 ? s.sport : 0;
  const int dp = s.dport >= 0 ? s.dport : 0;
  int cmp = 0;
  for (int i = 0; i < 4 && cmp == 0; i++) cmp = a[i] < a[4 + i] ? -1 : a[i] > a[4 + i] ? 1 : 0;
  if (cmp == 0) cmp = sp - dp;
  const int dir = cmp <= 0 ? 0 : 1;
  k[0] = (uint32_t(s.family) << 8) | uint32_t(s.ipProtocol & 0xff);
  const int sa = dir == 0 ? 0 : 4;
  const int sb = 4 - sa;
  for (int i = 0; i < 4; i++) {
    k[1 + i] = a[sa + i];
    k[5 + i] = a[sb + i];
  }
  k[9] = dir == 0 ? (uint32_t(sp) << 16) | uint32_t(dp) : (uint32_t(dp) << 16) | uint32_t(sp);
  return dir;
}

// FlowTable.observe.
void FlowCounter::Observe(const PacketFacts& s, double time, uint32_t wireLen) {
  if (s.family == 0 || (s.fragment && s.sport < 0)) return;
  // Consecutive packets mostly belong to one of the last two flows (a request and its
  // answer, two interleaved streams): match the tuple against them before hashing.
  size_t id = recent_[0];
  int dir = id != SIZE_MAX ? MatchTuple(&keys_[id * kKeyWords], s) : -1;
  if (dir < 0) {
    id = recent_[1];
    dir = id != SIZE_MAX ? MatchTuple(&keys_[id * kKeyWords], s) : -1;
    if (dir < 0) {
      uint32_t k[kKeyWords];
      dir = MakeKey(s, k);
      id = FindOrAdd(k, time, dir, s.sport >= 0);
    }
    recent_[1] = recent_[0];
    recent_[0] = id;
  }
  packets_[id]++;
  bytes_[id] += wireLen;
  if (time < first_[id]) first_[id] = time;
  if (time > last_[id]) last_[id] = time;
  if (s.ipProtocol == 6 && s.sport >= 0) ObserveTcp(id, dir, s);
}

// FlowTable.findOrAdd (flows are numbered in order of first appearance).
size_t FlowCounter::FindOrAdd(const uint32_t* k, double time, int dir, bool hasPorts) {
  size_t mask = slots_.size() - 1;
  size_t h = HashKey(k) & mask;
  for (; slots_[h] != 0; h = (h + 1) & mask) {
    const size_t id = slots_[h] - 1;
    if (std::memcmp(&keys_[id * kKeyWords], k, kKeyWords * sizeof(uint32_t)) == 0) return id;
  }
  const size_t id = n_++;
  keys_.insert(keys_.end(), k, k + kKeyWords);
  packets_.push_back(0);
  bytes_.push_back(0);
  first_.push_back(time);
  last_.push_back(time);
  state_.push_back(uint16_t((dir == 1 ? kClientB : 0) | (hasPorts ? kHasPorts : 0)));
  bases_.push_back(0);
  bases_.push_back(0);
  wscale_.push_back(-1);
  wscale_.push_back(-1);
  slots_[h] = uint32_t(id + 1);
  if (n_ * 2 > slots_.size()) Rehash();
  return id;
}

void FlowCounter::Rehash() {
  std::vector<uint32_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (size_t id = 0; id < n_; id++) {
    size_t h = HashKey(&keys_[id * kKeyWords]) & mask;
    while (slots[h] != 0) h = (h + 1) & mask;
    slots[h] = uint32_t(id + 1);
  }
  slots_.swap(slots);
}

// FlowTable.observeTcp: handshake/teardown bits and Wireshark's relative-sequence bases.
void FlowCounter::ObserveTcp(size_t id, int dir, const PacketFacts& s) {
  const int f = s.tcpFlags;
  uint16_t st = state_[id];
  const size_t fwd = id * 2 + size_t(dir);
  const size_t rev = id * 2 + size_t(1 - dir);
  const uint16_t fwdBase = dir == 0 ? kBaseA : kBaseB;
  const uint16_t revBase = dir == 0 ? kBaseB : kBaseA;
  if (f & kTcpRst) st |= kRst;
  if (f & kTcpFin) st |= dir == 0 ? kFinA : kFinB;
  if (f & kTcpSyn) {
    if (f & kTcpAck) {
      st |= dir == 0 ? kSynAckA : kSynAckB;
    } else {
      st |= dir == 0 ? kSynA : kSynB;
      st = dir == 1 ? uint16_t(st | kClientB) : uint16_t(st & ~kClientB);
    }
    NoteWindowScale(fwd, rev, s.tcpWscale, (f & kTcpAck) != 0);
    bases_[fwd] = s.seq;
    st |= fwdBase;
  } else {
    if ((st & fwdBase) == 0) {
      bases_[fwd] = s.seq - 1;
      st |= fwdBase;
    }
    if ((f & kTcpAck) && (st & (kSynAckA | kSynAckB))) st |= kEstablished;
  }
  if ((f & kTcpAck) && (st & revBase) == 0) {
    bases_[rev] = s.ack - 1;
    st |= revBase;
  }
  state_[id] = st;
}

// FlowTable.noteWindowScale.
void FlowCounter::NoteWindowScale(size_t fwd, size_t rev, int shift, bool synAck) {
  if (shift >= 0) wscale_[fwd] = int8_t(std::min(shift, 14));
  if (wscale_[fwd] == -1) {
    wscale_[fwd] = -2;
    wscale_[rev] = -2;
  } else if (synAck && wscale_[rev] == -2) {
    wscale_[fwd] = -2;
  }
}

// CaptureStats.add.
void StatsCounter::Add(const PacketFacts& s, uint32_t linkType, uint64_t sec, uint64_t nsec, uint32_t capLen, uint32_t origLen) {
  packets++;
  bytes += origLen;
  capturedBytes += capLen;
  if (!any || sec < firstSec || (sec == firstSec && nsec < firstNsec)) {
    firstSec = sec;
    firstNsec = nsec;
  }
  if (!any || sec > lastSec || (sec == lastSec && nsec > lastNsec)) {
    lastSec = sec;
    lastNsec = nsec;
  }
  any = true;
  if (s.malformed) malformed++;
  if (s.fragment) fragments++;
  if (s.family != 0) {
    perIpProtocol[s.ipProtocol & 0xff]++;
  } else {
    const bool unknown = s.malformed || s.etherType < 0 || linkType == kLinkNull || linkType == kLinkLoop;
    other[unknown ? -1 : s.etherType]++;
  }
}

// statsScan.ts's per-record step: the flow table, then the statistics.
void PcapCounter::CountOne(const PacketFacts& s, uint64_t sec, uint64_t nsec, uint32_t capLen, uint32_t origLen) {
  flows_.Observe(s, double(sec) + double(nsec) / 1e9, origLen);
  stats_.Add(s, linkType_, sec, nsec, capLen, origLen);
}

int64_t PcapCounter::Count(const uint8_t* b, size_t p, size_t end, int32_t* slots, size_t slotCount) {
  waiting_.clear();
  size_t listed = 0;
  PacketFacts facts;
  while (p <= end && end - p >= kRecordHeader) {
    const uint32_t capLen = U32(b, p + 8);
    if (capLen > maxCapLen_) return -1;
    const size_t data = p + kRecordHeader;
    if (capLen > end - data) break;
    const size_t next = data + capLen;
    const uint64_t sec = U32(b, p);
    const uint64_t nsec = uint64_t(U32(b, p + 4)) * fracToNs_;
    const uint32_t origLen = U32(b, p + 12);
    // summarize()'s dispatch to its fast path.
    bool fast = false;
    if (linkType_ == kLinkRaw || linkType_ == kLinkIpv4) {
      fast = SummarizePlainIpv4(b, data, next, facts);
    } else if (linkType_ == kLinkEthernet && capLen >= 14 && b[data + 12] == 0x08 && b[data + 13] == 0x00) {
      fast = SummarizePlainIpv4(b, data + 14, next, facts);
    }
    if (fast && waiting_.empty()) {
      CountOne(facts, sec, nsec, capLen, origLen);
    } else if (fast) {
      waiting_.push_back({sec, nsec, capLen, origLen, -1, facts});
    } else {
      if (listed == slotCount) break;
      int32_t* q = slots + 1 + listed * kSlotInts;
      q[0] = int32_t(data);
      q[1] = int32_t(next);
      q[2] = int32_t(origLen);
      waiting_.push_back({sec, nsec, capLen, origLen, int32_t(listed), PacketFacts()});
      listed++;
    }
    p = next;
  }
  slots[0] = int32_t(listed);
  listed_ = listed;
  return int64_t(p);
}

void PcapCounter::Commit(const int32_t* slots) {
  for (Waiting& w : waiting_) {
    if (w.slot >= 0) {
      const int32_t* q = slots + 1 + size_t(w.slot) * kSlotInts;
      PacketFacts& f = w.facts;
      f.family = q[3];
      f.ipProtocol = q[4];
      f.etherType = q[5];
      for (int i = 0; i < 8; i++) f.addr[i] = uint32_t(q[6 + i]);
      f.sport = q[14];
      f.dport = q[15];
      f.tcpFlags = q[16];
      f.seq = uint32_t(q[17]);
      f.ack = uint32_t(q[18]);
      f.tcpWscale = q[19];
      f.fragment = (q[20] & 1) != 0;
      f.malformed = (q[20] & 2) != 0;
    }
    CountOne(w.facts, w.sec, w.nsec, w.capLen, w.origLen);
  }
  waiting_.clear();
  listed_ = 0;
}

}  // namespace swdebug
