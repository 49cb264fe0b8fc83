/** A person on a message: who it is from or to. */
export interface Address {
  name: string;
  /** Absent when the context gives no email (the message can still be rendered and copied). */
  email?: string;
}

/** "Ana Ruiz <ana@acme.example>", or the bare address when that is all there is. */
export function formatAddress(address: Address): string {
  if (address.email === undefined) return address.name;
  return address.name === '' || address.name === address.email ? address.email : `${address.name} <${address.email}>`;
}
