// The questionnaire's fingerprint: FNV-1a 64 of its canonical JSON, so a stored response names
// exactly the document it answered.
#include <catalyse/questionnaire.hpp>

#include <cstdint>

namespace catalyse {

std::string fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "fnv1a64:";
  for (int shift = 60; shift >= 0; shift -= 4) out += digits[(h >> shift) & 0xf];
  return out;
}

std::string document_hash(const json& document) { return fnv1a64(dump(document)); }

}  // namespace catalyse
