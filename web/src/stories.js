// stories.js - story mode: for each story a short sequence of predict, observe and explain
// steps. Each step may set up the page:
//   reference: {scenario, params}  run this and pin it as the dashed "before" run (pins cleared)
//   set: {scenario, params}        put these values on the sliders
//   hold: true                     do not run yet: the class predicts first
// An observe step runs what the sliders say. Text is a list of paragraphs; a paragraph may
// be a function of c, where c.ref(COLUMN) and c.cur(COLUMN) are the year-end values of the
// pinned reference and of the current run, and c.f(x) formats a number (3 significant
// digits), so every number in an explanation is the one the model just computed.
// Educational toy model - not medical advice.
'use strict';
window.CALCSIM_STORIES = [
  {
    id: 'k2-mgp',
    title: 'K2 and MGP: the calcification brake',
    steps: [
      {
        kind: 'predict',
        reference: { scenario: 'baseline' },
        set: { scenario: 'baseline', params: { k2_intake_ug_per_day: 0 } },
        hold: true,
        text: [
          'The dashed "before" curves are the baseline adult: 30 ug of K2 (menaquinones, from cheese, curd or natto) a day in the diet.',
          'We now take all K2 out of the diet (the slider "Dietary K2" is at 0). Predict: what happens to carboxylated (active) MGP, and to the calcium in the artery wall over 10 years?',
        ],
      },
      {
        kind: 'observe',
        text: [
          (c) => `Carboxylated MGP at year 10: ${c.f(c.ref('mgp_carboxylated_pct'))} % with K2, ${c.f(c.cur('mgp_carboxylated_pct'))} % without.`,
          (c) => `Vessel calcium at year 10: ${c.f(c.ref('vessel_ca_mg'))} mg with K2, ${c.f(c.cur('vessel_ca_mg'))} mg without. Blood calcium hardly moves (${c.f(c.cur('blood_ca_mmol_l'))} mmol/L).`,
        ],
      },
      {
        kind: 'explain',
        text: [
          'Matrix Gla protein (MGP) in the artery wall only works after vitamin K has carboxylated it. Active MGP binds calcium crystals and slows their growth: in the model, deposition falls as carboxylated MGP rises.',
          'Less K2 means less active MGP, so the wall calcifies faster, while the hormones keep blood calcium flat: the damage is silent in a blood test.',
        ],
      },
    ],
  },
  {
    id: 'osteocalcin-bone',
    title: 'Osteocalcin and bone',
    steps: [
      {
        kind: 'predict',
        reference: { scenario: 'baseline' },
        set: { scenario: 'baseline', params: { mk7_supplement_ug_per_day: 180 } },
        hold: true,
        text: [
          'Bone builders (osteoblasts) make osteocalcin, another protein that vitamin K carboxylates. We add an MK-7 supplement of 180 ug a day for 10 years.',
          'Predict: how much does carboxylated osteocalcin change? And bone calcium: a lot, a little, or not at all?',
        ],
      },
      {
        kind: 'observe',
        text: [
          (c) => `Carboxylated osteocalcin at year 10: ${c.f(c.ref('oc_carboxylated_pct'))} % without the supplement, ${c.f(c.cur('oc_carboxylated_pct'))} % with it.`,
          (c) => `Bone calcium at year 10: ${c.f(c.ref('bone_ca_g'))} g against ${c.f(c.cur('bone_ca_g'))} g, a difference of ${c.f(c.cur('bone_ca_g') - c.ref('bone_ca_g'))} g out of about 1000 g.`,
        ],
      },
      {
        kind: 'explain',
        text: [
          'Osteocalcin responds strongly to vitamin K, but in this model its effect on bone is small by design: trials saw MK-7 slow bone loss a little, not stop it. Bone keeps falling with age in both runs.',
          'A large change in a marker need not mean a large change in the outcome.',
        ],
      },
    ],
  },
  {
    id: 'd3-without-k2',
    title: 'D3 without K2',
    steps: [
      {
        kind: 'predict',
        reference: { scenario: 'baseline' },
        set: { scenario: 'd3_high_without_k2' },
        hold: true,
        text: [
          'Vitamin D3 makes the gut absorb more calcium. This person takes 4000 IU of D3 a day but eats no K2 at all.',
          'Predict: where does the extra calcium go? Bone, blood, or the artery wall?',
        ],
      },
      {
        kind: 'observe',
        text: [
          (c) => `25(OH)D rose from ${c.f(c.ref('vitd_25oh_nmol_l'))} to ${c.f(c.cur('vitd_25oh_nmol_l'))} nmol/L. Bone calcium at year 10: ${c.f(c.ref('bone_ca_g'))} g against ${c.f(c.cur('bone_ca_g'))} g.`,
          (c) => `Vessel calcium at year 10: ${c.f(c.ref('vessel_ca_mg'))} mg at baseline, ${c.f(c.cur('vessel_ca_mg'))} mg with high D3 and no K2.`,
        ],
      },
      {
        kind: 'predict',
        reference: { scenario: 'd3_high_without_k2' },
        set: { scenario: 'd3_high_with_k2' },
        hold: true,
        text: [
          'The "before" run is now high D3 without K2. We keep the D3 and add an MK-7 supplement of 180 ug a day. Predict the artery wall.',
        ],
      },
      {
        kind: 'observe',
        text: [
          (c) => `Vessel calcium at year 10: ${c.f(c.ref('vessel_ca_mg'))} mg without K2, ${c.f(c.cur('vessel_ca_mg'))} mg with it; carboxylated MGP ${c.f(c.ref('mgp_carboxylated_pct'))} % against ${c.f(c.cur('mgp_carboxylated_pct'))} %.`,
        ],
      },
      {
        kind: 'explain',
        text: [
          'D3 raises calcium and phosphate a little, which feeds deposition in the wall; bone gains too. Vitamin K hardly changes how much calcium is absorbed; it changes where it ends up, through active MGP in the wall.',
        ],
      },
    ],
  },
  {
    id: 'prevention',
    title: 'Prevention, not removal',
    steps: [
      {
        kind: 'predict',
        reference: { scenario: 'established_calcification', params: { years: 5 } },
        set: { scenario: 'established_calcification_with_k2' },
        hold: true,
        text: [
          'This person already has 1000 mg of calcium in the artery wall. The dashed "before" run follows them for 5 years as they are.',
          'We add a high MK-7 supplement, 360 ug a day. Predict: will the calcium in the wall go down, stay, or keep rising?',
        ],
      },
      {
        kind: 'observe',
        text: [
          (c) => `Vessel calcium after 5 years: ${c.f(c.ref('vessel_ca_mg'))} mg without the supplement, ${c.f(c.cur('vessel_ca_mg'))} mg with it, from 1000 mg at the start.`,
        ],
      },
      {
        kind: 'explain',
        text: [
          'Active MGP slows new deposition, but in this model nothing that vitamin K does removes calcium already in the wall: regression is slow and the same in both runs.',
          'So the deposit keeps growing, only more slowly. Vitamin K is about prevention, not removal.',
        ],
      },
    ],
  },
  {
    id: 'mk7-mk4',
    title: 'MK-7 against MK-4',
    steps: [
      {
        kind: 'predict',
        reference: { scenario: 'baseline', params: { mk4_supplement_ug_per_day: 180, years: 2 } },
        set: { scenario: 'baseline', params: { mk7_supplement_ug_per_day: 180, years: 2 } },
        hold: true,
        text: [
          'Two supplements with the same dose, 180 ug a day, for 2 years. The dashed "before" run takes MK-4, the new run takes MK-7.',
          'Predict: which raises carboxylated MGP more, and why might the same dose act differently?',
        ],
      },
      {
        kind: 'observe',
        text: [
          (c) => `Carboxylated MGP at year 2: ${c.f(c.ref('mgp_carboxylated_pct'))} % with MK-4, ${c.f(c.cur('mgp_carboxylated_pct'))} % with MK-7.`,
          (c) => `Plasma MK-7 at the end: ${c.f(c.cur('mk7_nmol_l'))} nmol/L on MK-7; plasma MK-4 ${c.f(c.ref('mk4_nmol_l'))} nmol/L on MK-4 (see the table).`,
        ],
      },
      {
        kind: 'explain',
        text: [
          'MK-4 leaves the blood within hours (half-life about 1 hour), MK-7 stays for days (about 68 hours). Daily MK-7 doses pile up to a steady level; MK-4 is mostly gone before the next dose.',
          'Try it: the preset scenarios mk4_weekly and mk7_weekly show one week hour by hour (look at the table columns for MK-4 and MK-7).',
        ],
      },
    ],
  },
  {
    id: 'warfarin',
    title: 'Warfarin',
    steps: [
      {
        kind: 'predict',
        reference: { scenario: 'baseline' },
        set: { scenario: 'warfarin' },
        hold: true,
        text: [
          'Warfarin, a blood thinner, blocks the recycling of vitamin K (the model blocks 80 % of it). Its purpose is to slow blood clotting, which this model does not include.',
          'Predict: what happens to carboxylated MGP and to the artery wall?',
        ],
      },
      {
        kind: 'observe',
        text: [
          (c) => `Carboxylated MGP at year 10: ${c.f(c.ref('mgp_carboxylated_pct'))} % at baseline, ${c.f(c.cur('mgp_carboxylated_pct'))} % on warfarin. Vessel calcium: ${c.f(c.ref('vessel_ca_mg'))} mg against ${c.f(c.cur('vessel_ca_mg'))} mg.`,
        ],
      },
      {
        kind: 'explain',
        text: [
          'Without recycling, each vitamin K molecule carboxylates far fewer proteins, so MGP stays inactive and the wall calcifies faster. Studies of people on such drugs report more vascular calcification.',
          'Vitamin K changes how warfarin works on clotting. Nobody should change a blood thinner or their vitamin K intake because of a toy model: that is a question for their doctor.',
        ],
      },
    ],
  },
  {
    id: 'kidney',
    title: 'Kidney disease',
    steps: [
      {
        kind: 'predict',
        reference: { scenario: 'baseline' },
        set: { scenario: 'ckd' },
        hold: true,
        text: [
          'The kidneys now work at 30 % of normal (chronic kidney disease, about stage 4).',
          'Predict: blood calcium, bone, and the artery wall over 10 years.',
        ],
      },
      {
        kind: 'observe',
        text: [
          (c) => `Blood calcium stays near normal (${c.f(c.cur('blood_ca_mmol_l'))} mmol/L), but PTH is ${c.f(c.cur('pth_rel'))} times normal and phosphate ${c.f(c.cur('phosphate_mmol_l'))} mmol/L (baseline ${c.f(c.ref('phosphate_mmol_l'))}).`,
          (c) => `Bone calcium at year 10: ${c.f(c.ref('bone_ca_g'))} g healthy, ${c.f(c.cur('bone_ca_g'))} g with CKD. Vessel calcium: ${c.f(c.ref('vessel_ca_mg'))} mg against ${c.f(c.cur('vessel_ca_mg'))} mg.`,
        ],
      },
      {
        kind: 'explain',
        text: [
          'Failing kidneys keep phosphate and make less calcitriol; PTH rises to hold blood calcium, and takes calcium from bone. High phosphate drives deposition in the wall.',
          'Try adding MK-7 with the slider, or pick the preset ckd_with_k2: active MGP slows the wall, but cannot undo the kidney problem.',
        ],
      },
    ],
  },
];
