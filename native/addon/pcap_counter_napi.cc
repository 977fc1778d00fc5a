// The binding of pcap_counter.h: `new PcapCounter(linkType, littleEndian, nanosecond,
// maxCapLen)` with
//   count(chunk: Uint8Array, start, end, slots: Int32Array): number   (-1: record too long)
//   commit(slots: Int32Array): void
//   result(): { stats: {...}, flows: {...} }                          (typed-array columns)
// extension/cli/statsNative.ts drives it; the TypeScript side owns the reading, the general
// decoder and every formatting of the results. After a count() that listed records
// (slots[0] > 0), commit() must come before the next count(); both check their arguments
// and throw rather than read outside the arrays.
#include "pcap_counter_napi.h"

#include <cstring>
#include <memory>

#include "pcap_counter.h"

namespace swdebug {
namespace {

class PcapCounterWrap : public Napi::ObjectWrap<PcapCounterWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "PcapCounter",
                       {InstanceMethod<&PcapCounterWrap::CountChunk>("count"), InstanceMethod<&PcapCounterWrap::CommitChunk>("commit"),
                        InstanceMethod<&PcapCounterWrap::Result>("result")});
  }

  explicit PcapCounterWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<PcapCounterWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 4 || !info[0].IsNumber() || !info[1].IsBoolean() || !info[2].IsBoolean() || !info[3].IsNumber()) {
      Napi::TypeError::New(env, "PcapCounter(linkType: number, littleEndian: boolean, nanosecond: boolean, maxCapLen: number)")
          .ThrowAsJavaScriptException();
      return;
    }
    counter_ = std::make_unique<PcapCounter>(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Boolean>().Value(),
                                             info[2].As<Napi::Boolean>().Value(), info[3].As<Napi::Number>().Uint32Value());
  }

 private:
  // The Int32Array of slots: header int plus whole slots, or nullptr after throwing.
  static int32_t* Slots(Napi::Env env, const Napi::Value& v, size_t* slotCount) {
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
      Napi::TypeError::New(env, "slots must be an Int32Array").ThrowAsJavaScriptException();
      return nullptr;
    }
    Napi::Int32Array a = v.As<Napi::Int32Array>();
    if (a.ElementLength() < 1 + PcapCounter::kSlotInts) {
      Napi::RangeError::New(env, "slots must hold at least one slot").ThrowAsJavaScriptException();
      return nullptr;
    }
    *slotCount = (a.ElementLength() - 1) / PcapCounter::kSlotInts;
    return a.Data();
  }

  Napi::Value CountChunk(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 4 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array ||
        !info[1].IsNumber() || !info[2].IsNumber()) {
      Napi::TypeError::New(env, "count(chunk: Uint8Array, start: number, end: number, slots: Int32Array)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Uint8Array chunk = info[0].As<Napi::Uint8Array>();
    const int64_t start = info[1].As<Napi::Number>().Int64Value();
    const int64_t end = info[2].As<Napi::Number>().Int64Value();
    // Offsets travel back through Int32 slots: the chunk must stay below 2 GiB.
    if (start < 0 || end < start || size_t(end) > chunk.ElementLength() || end > INT32_MAX) {
      Napi::RangeError::New(env, "count: start and end must lie within the chunk").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    size_t slotCount = 0;
    int32_t* slots = Slots(env, info[3], &slotCount);
    if (slots == nullptr) return env.Undefined();
    if (counter_->waiting()) {
      Napi::Error::New(env, "count: commit() the records listed by the previous count() first").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    const int64_t stop = counter_->Count(chunk.Data(), size_t(start), size_t(end), slots, slotCount);
    return Napi::Number::New(env, double(stop));
  }

  Napi::Value CommitChunk(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    size_t slotCount = 0;
    int32_t* slots = info.Length() < 1 ? nullptr : Slots(env, info[0], &slotCount);
    if (slots == nullptr) {
      if (!env.IsExceptionPending()) Napi::TypeError::New(env, "commit(slots: Int32Array)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    // The summaries are read from the slots count() listed: all of them must be there.
    if (slotCount < counter_->listed()) {
      Napi::RangeError::New(env, "commit: slots holds fewer slots than count() listed").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    counter_->Commit(slots);
    return env.Undefined();
  }

  template <typename Array, typename T>
  static Array Column(Napi::Env env, const std::vector<T>& v) {
    Array a = Array::New(env, v.size());
    if (!v.empty()) std::memcpy(a.Data(), v.data(), v.size() * sizeof(T));
    return a;
  }

  Napi::Value Result(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const StatsCounter& s = counter_->stats();
    Napi::Object stats = Napi::Object::New(env);
    stats.Set("packets", s.packets);
    stats.Set("bytes", s.bytes);
    stats.Set("capturedBytes", s.capturedBytes);
    stats.Set("firstSec", double(s.firstSec));
    stats.Set("firstNsec", double(s.firstNsec));
    stats.Set("lastSec", double(s.lastSec));
    stats.Set("lastNsec", double(s.lastNsec));
    stats.Set("malformed", s.malformed);
    stats.Set("fragments", s.fragments);
    Napi::Float64Array perIp = Napi::Float64Array::New(env, 256);
    std::memcpy(perIp.Data(), s.perIpProtocol, sizeof s.perIpProtocol);
    stats.Set("perIpProtocol", perIp);
    Napi::Array other = Napi::Array::New(env, s.other.size());
    uint32_t i = 0;
    for (const auto& [etherType, n] : s.other) {
      Napi::Array pair = Napi::Array::New(env, 2);
      pair.Set(uint32_t(0), double(etherType));
      pair.Set(uint32_t(1), n);
      other.Set(i++, pair);
    }
    stats.Set("other", other);

    const FlowCounter& f = counter_->flows();
    Napi::Object flows = Napi::Object::New(env);
    flows.Set("count", double(f.count()));
    flows.Set("keys", Column<Napi::Uint32Array>(env, f.keys()));
    flows.Set("packets", Column<Napi::Uint32Array>(env, f.packets()));
    flows.Set("bytes", Column<Napi::Float64Array>(env, f.bytes()));
    flows.Set("first", Column<Napi::Float64Array>(env, f.first()));
    flows.Set("last", Column<Napi::Float64Array>(env, f.last()));
    flows.Set("state", Column<Napi::Uint16Array>(env, f.state()));
    flows.Set("bases", Column<Napi::Uint32Array>(env, f.bases()));
    flows.Set("wscale", Column<Napi::Int8Array>(env, f.wscale()));

    Napi::Object out = Napi::Object::New(env);
    out.Set("stats", stats);
    out.Set("flows", flows);
    return out;
  }

  std::unique_ptr<PcapCounter> counter_;
};

}  // namespace

void RegisterPcapCounter(Napi::Env env, Napi::Object exports) { exports.Set("PcapCounter", PcapCounterWrap::Define(env)); }

}  // namespace swdebug
