import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { parseStoredScopes } from "@/lib/api/tokens/scopes";
import { RevokeButton } from "./revoke-button";

export interface TokenRow {
  id: string;
  name: string;
  hint: string;
  scopes: string | null;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

function state(t: TokenRow, now: Date) {
  if (t.revokedAt) return { label: "Revoked", tone: "neutral" as const };
  if (t.expiresAt <= now) return { label: "Expired", tone: "warning" as const };
  return { label: "Active", tone: "success" as const };
}

/** A list of tokens with their state and a revoke button for the active ones. */
export function TokenTable({ tokens, caption, revoke }: { tokens: TokenRow[]; caption: string; revoke: "own" | "service" }) {
  const now = new Date();
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Token</Th>
          <Th>Scopes</Th>
          <Th>Expires</Th>
          <Th>Last used</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {tokens.map((t) => {
          const s = state(t, now);
          return (
            <tr key={t.id} data-testid={`token-${t.id}`}>
              <Td>
                <span className="block font-medium">{t.name}</span>
                <code className="block text-xs text-slate-600">{t.hint}</code>
                <Badge tone={s.tone} className="mt-1">
                  {s.label}
                </Badge>
              </Td>
              <Td>{parseStoredScopes(t.scopes)?.join(", ") ?? "Everything the role allows"}</Td>
              <Td>{formatDateTime(t.expiresAt)}</Td>
              <Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</Td>
              <Td>{s.label === "Active" ? <RevokeButton tokenId={t.id} label={t.name} kind={revoke} /> : null}</Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
