import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { wizardState } from "@/lib/changes/wizard";
import { listPricedRegions } from "@/lib/catalog";
import { PageHeader } from "@/components/ui/page-header";
import { Steps } from "./_components/steps";
import { DetailsStep } from "./_components/details-step";
import { SizeStep } from "./_components/size-step";
import { ReviewStep } from "./_components/review-step";

export const metadata: Metadata = { title: "Onboard a client" };

export default async function OnboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("client:onboard");
  const state = wizardState(await searchParams);
  return (
    <>
      <PageHeader
        title="Onboard a client"
        description="Describe the client, choose a size, check what it builds and costs, then send it to an engineer for review."
      />
      <Steps current={state.step} />
      {state.step === "details" ? <DetailsStep state={state} regions={listPricedRegions()} /> : null}
      {state.step === "size" ? <SizeStep state={state} /> : null}
      {state.step === "review" ? <ReviewStep state={state} owner={user.email} /> : null}
    </>
  );
}
