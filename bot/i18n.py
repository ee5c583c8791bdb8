"""Brazilian Portuguese names and descriptions for the slash commands."""

from __future__ import annotations

import discord
from discord import app_commands

PT_BR = {
    "Moderation statistics: hits per label, actions, top channels and members": (
        "Estatísticas de moderação: ocorrências por rótulo, ações, canais e membros"
    ),
    "Per-label score thresholds": "Limiares de pontuação por rótulo",
    "Set the threshold of one label": "Define o limiar de um rótulo",
    "Show the thresholds in effect": "Mostra os limiares em vigor",
    "Reset one label (or all) to the model's tuned threshold": (
        "Volta um rótulo (ou todos) ao limiar ajustado do modelo"
    ),
    "What happens when a label is hit": "O que acontece quando um rótulo é detectado",
    "Set the action for one label": "Define a ação de um rótulo",
    "Show the rules in effect": "Mostra as regras em vigor",
    "Time out repeat offenders (hits 0 turns it off)": ("Silencia quem reincide (0 ocorrências desliga)"),
    "Sentinela settings: alerts, exemptions, on/off": "Configurações do Sentinela: alertas, isenções",
    "Channel where moderators get alerts": "Canal onde a moderação recebe alertas",
    "Exempt a role or channel from checks": "Isenta um cargo ou canal das verificações",
    "Check this server's messages again": "Volta a verificar as mensagens do servidor",
    "Stop checking this server's messages": "Para de verificar as mensagens do servidor",
    "Check toxicity": "Verificar toxicidade",
}


class Translator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is discord.Locale.brazil_portuguese:
            return PT_BR.get(string.message)
        return None
